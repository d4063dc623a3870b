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

    /// Writes all of `bytes`, retrying interrupted and short writes; the
    /// errno of a failed write, or nil.
    @discardableResult
    func write(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
