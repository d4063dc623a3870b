#if canImport(Glibc)
import Glibc
#endif

extension FileDescriptor {
    /// How a file is opened for: reading, writing or both.
    public enum Access: Sendable {
        case readOnly, writeOnly, readWrite

        var flags: Int32 {
            switch self {
            case .readOnly: O_RDONLY
            case .writeOnly: O_WRONLY
            case .readWrite: O_RDWR
            }
        }
    }

    /// The open flags device modules need, so that they need not import libc.
    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Reads that would wait return nil instead (EAGAIN).
        public static let nonBlocking = OpenOptions(rawValue: O_NONBLOCK)
        /// A terminal opened is never made the process's controlling terminal.
        public static let noControllingTerminal = OpenOptions(rawValue: O_NOCTTY)
    }

    /// Opens `path` for `access` (O_CLOEXEC is always added).
    public static func open(_ path: String, _ access: Access, options: OpenOptions = []) throws(SystemError) -> FileDescriptor {
        try open(path, flags: access.flags | options.rawValue)
    }
}
