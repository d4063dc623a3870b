import Glibc
import LinuxSystem

/// A pipe for the descriptor tests: both ends owned, the read end non-blocking.
struct PipeFixture {
    let reader: FileDescriptor
    let writer: FileDescriptor

    init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe failed")
        precondition(fcntl(ends[0], F_SETFL, O_NONBLOCK) == 0, "fcntl failed")
        reader = FileDescriptor(owning: ends[0])
        writer = FileDescriptor(owning: ends[1])
    }

    func write(_ text: String) throws {
        try Array(text.utf8).withUnsafeBytes { try writer.writeAll($0) }
    }

    /// What the read end has now: nil when nothing (EAGAIN), "" at end of file.
    func read() throws -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
        return count.map { String(decoding: buffer.prefix($0), as: UTF8.self) }
    }
}

/// A fresh folder under the system's temporary folder, removed at the end of the test.
final class ScratchFolder {
    let path: String

    init() {
        var template = Array("/tmp/oss-linuxsystem-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit {
        for name in (try? DirectoryListing.names(in: path)) ?? [] {
            let child = path + "/" + name
            if unlink(child) != 0 { rmdir(child) }
        }
        rmdir(path)
    }
}
