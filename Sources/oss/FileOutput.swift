import LinuxSystem

/// Unbuffered writes to standard error, for messages. Exports, reports and
/// everything else a command writes go through `LinuxSystem.OutputFile`.
struct FileOutput {
    let descriptor: Int32

    static let standardError = FileOutput(descriptor: 2)

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
