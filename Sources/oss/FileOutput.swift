#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to a file descriptor, for messages and exports.
struct FileOutput {
    let descriptor: Int32

    static let standardError = FileOutput(descriptor: 2)
    static let standardOutput = FileOutput(descriptor: 1)

    func write(_ string: String) {
        var bytes = Array(string.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }
}
