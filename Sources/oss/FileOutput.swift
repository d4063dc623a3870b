import LinuxSystem
#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to a file descriptor, for messages and exports.
struct FileOutput {
    let descriptor: Int32

    static let standardError = FileOutput(descriptor: 2)
    static let standardOutput = FileOutput(descriptor: 1)

    func write(_ string: String) {
        Array(string.utf8).withUnsafeBytes { _ = write($0) }
    }

    /// Writes all of `bytes`; the errno of a failed write, or nil.
    @discardableResult
    func write(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        do {
            try SystemCall.writeAll(descriptor, bytes)
            return nil
        } catch {
            return error.errno
        }
    }
}
