#if canImport(Glibc)
import Glibc
#endif

extension ReadOnlyFile {
    /// What the file at `path` is, links followed (stat), or nil when there
    /// is nothing there: lets a command refuse a device or a folder as a
    /// journal before opening anything.
    public static func kind(atPath path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Kind(mode: info.st_mode)
    }
}

extension ReadOnlyFile.Kind {
    init(mode: mode_t) {
        self = switch mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFIFO: .fifo
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFSOCK: .socket
        default: .other
        }
    }
}
