#if canImport(Glibc)
import Glibc
#endif

/// Files that hold person data are born readable by their owner only,
/// whatever the umask: created exclusively, never through a symbolic link.
public enum PrivateFile {
    /// Creates an empty file at `path` with mode 0600 unless something is
    /// already there. True when this call created it.
    public static func createIfMissing(_ path: String) throws(SystemError) -> Bool {
        while true {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                // The umask can only take bits away; a umask such as 0277 would leave 0400.
                let changed = fchmod(fd, 0o600)
                let failure = changed == 0 ? 0 : errno
                close(fd)
                if failure != 0 { throw SystemError(call: "fchmod", errno: failure) }
                return true
            }
            switch errno {
            case EINTR: continue
            case EEXIST: return false
            default: throw SystemError(call: "open", errno: errno)
            }
        }
    }
}

extension SystemError {
    /// The errno's text alone, e.g. "Permission denied", for messages that name the file themselves.
    public var reason: String { String(cString: strerror(errno)) }
}
