#if canImport(Glibc)
import Glibc
#endif

/// A file as the kernel knows it: device and inode, after following links.
/// Two paths name the same file exactly when their identities are equal.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    /// The identity of the file at `path` (links followed), or nil when there is none.
    public static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The identity of the file open on `descriptor`, or nil.
    public static func of(descriptor: Int32) -> FileIdentity? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// The files a command reads or keeps — its inputs, the journal and the
/// journal's companions — which no output of the command may replace.
///
/// Files are remembered by identity (so links and other spellings are
/// caught) and by canonical path (so a companion such as `-wal` that does
/// not exist yet is protected too).
public struct ProtectedFiles: Sendable {
    private var identities: [FileIdentity: String] = [:]
    private var canonicalPaths: [String: String] = [:]

    public init() {}

    /// Protects the file at `path`, whether or not it exists yet.
    public mutating func add(_ path: String) {
        if let identity = FileIdentity.of(path) { identities[identity] = path }
        if let canonical = Self.canonicalPath(path) { canonicalPaths[canonical] = path }
    }

    /// Protects an SQLite journal and the companions SQLite keeps beside it.
    public mutating func addJournal(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { add(path + suffix) }
    }

    /// Protects every file below `directory` (a station folder), up to
    /// `limit` files: station folders are small, and a hostile one must not
    /// make this walk unbounded.
    public mutating func addTree(_ directory: String, limit: Int = 10_000) {
        var pending = [directory], seen = 0
        while let folder = pending.popLast(), seen < limit {
            guard let names = Folder.entries(folder) else { add(folder); continue }
            for name in names.prefix(limit - seen) {
                let path = folder + "/" + name
                seen += 1
                var info = stat()
                if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { pending.append(path) } else { add(path) }
            }
        }
    }

    /// The protected path that `path` (or the open file) would replace, or nil.
    public func conflict(path: String, identity: FileIdentity?) -> String? {
        if let identity, let input = identities[identity] { return input }
        if let canonical = Self.canonicalPath(path), let input = canonicalPaths[canonical] { return input }
        return nil
    }

    /// The protected path that the file open on `descriptor` is (standard
    /// output redirected onto the journal, say), or nil.
    public func conflict(descriptor: Int32) -> String? {
        FileIdentity.of(descriptor: descriptor).flatMap { identities[$0] }
    }

    /// The path with its folder resolved (links, `.` and `..`) and its last
    /// component kept, so that it works for files that do not exist yet.
    static func canonicalPath(_ path: String) -> String? {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let resolved = realpath(folder, nil) else { return nil }
        defer { free(resolved) }
        let base = String(cString: resolved)
        return (base == "/" ? "" : base) + "/" + name
    }
}
