#if canImport(Glibc)
import Glibc
#endif

/// A folder of this process's own for files that a C library insists on
/// writing to disk (libxlsxwriter has no output to memory): made by
/// `mkdtemp` with mode 0700 in `TMPDIR` (else `/tmp`), so nobody else can
/// read the person data inside, and removed with everything in it by
/// `remove()` or, failing that, by deinit.
public final class TemporaryFolder {
    /// The folder's absolute path (the files inside go here).
    public let path: String
    private var removed = false

    /// Makes a new folder named `prefix` and six random characters.
    public init(prefix: String) throws(SystemError) {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        var template = Array((base + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else { throw SystemError(call: "mkdtemp", errno: errno) }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // mkdtemp's 0700 is not subject to the umask, but be explicit about the promise.
        if chmod(path, 0o700) != 0 {
            let code = errno
            rmdir(path)
            throw SystemError(call: "chmod", errno: code)
        }
    }

    /// Removes every file in the folder (it holds files only) and the folder.
    public func remove() throws(SystemError) {
        guard !removed else { return }
        for name in try DirectoryListing.names(in: path) where unlink(path + "/" + name) != 0 && errno != ENOENT {
            throw SystemError(call: "unlink", errno: errno)
        }
        if rmdir(path) != 0 && errno != ENOENT { throw SystemError(call: "rmdir", errno: errno) }
        removed = true
    }

    deinit { try? remove() }
}
