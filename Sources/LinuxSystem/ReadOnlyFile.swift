#if canImport(Glibc)
import Glibc
#endif

/// A file opened for reading in chunks, so that input of any size is read in
/// bounded memory. Opened non-blocking, so that a FIFO without a writer is
/// seen for what it is instead of hanging the open.
public final class ReadOnlyFile {
    public let descriptor: Int32

    public enum Kind: Equatable, Sendable {
        case regular, directory, fifo, characterDevice, blockDevice, socket, other
    }

    /// What `fstat` says; device and inode tell whether two opens are the same file.
    public struct Status: Equatable, Sendable {
        public var kind: Kind
        public var device: UInt64
        public var inode: UInt64
        public var size: Int64
    }

    public init(path: String) throws(SystemError) {
        descriptor = try SystemCall.run("open") { open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
    }

    deinit { close(descriptor) }

    public func status() throws(SystemError) -> Status {
        var info = stat()
        try SystemCall.run("fstat") { fstat(descriptor, &info) }
        return Status(kind: Kind(mode: info.st_mode), device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size))
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw SystemError(call: "read", errno: errno) }
        }
    }
}
