#if canImport(Glibc)
import Glibc
#endif

/// Folders that oss writes into (frames, the demo's output).
public enum Folder {
    /// Creates `path` and any missing parents (mode 0700 under oss's umask);
    /// an existing folder is fine, an existing file or link to one is not.
    public static func create(_ path: String) throws(OutputError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(path: path, reason: "it exists and is not a folder") }
            return
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try create(String(path[..<slash]))
        }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw OutputError(path: path, reason: SystemError.reason(errno))
        }
    }

    /// The names in `path` (without `.` and `..`), or nil when it cannot be read.
    public static func entries(_ path: String) -> [String]? {
        try? DirectoryListing.names(in: path)
    }

    public enum EntryKind: Equatable, Sendable { case file, folder, link, other }

    /// What `path` itself is (a link is not followed), or nil when nothing is there.
    public static func kind(_ path: String) -> EntryKind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// Removes the file (or link) `path` if it is there.
    public static func removeFile(_ path: String) throws(OutputError) {
        if unlink(path) != 0 && errno != ENOENT { throw OutputError(path: path, reason: SystemError.reason(errno)) }
    }
}
