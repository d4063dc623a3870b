#if canImport(Glibc)
import Glibc
#endif

/// Why an output could not be written; the message names the file.
public struct OutputError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "cannot write \(path): \(reason)" }
}

/// The one way oss writes a file (exports, reports, traces, frames,
/// calibration pictures).
///
/// - An output that is the same file as a protected one (an input, the
///   journal or its companions) is refused before anything is opened.
/// - Character devices and FIFOs (`/dev/stdout`, a pipe, `/dev/full`) are
///   written directly, never replaced by a regular file.
/// - Anything else is written to a new file with an unpredictable name in
///   the target's folder, created with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode
///   0600, then synced, renamed over the target and the folder synced: the
///   target is either the old file or the complete new one, and no link
///   planted beside it is ever followed.
/// - Every write and the final close are checked; `commit()` throws on the
///   first failure and an uncommitted file is removed.
///
/// States: open → committed (after `commit`) or abandoned (after a failure,
/// `abandon` or deinit); writes are accepted only while open.
public final class OutputFile {
    /// The name the user gave (for messages).
    public let path: String
    private var descriptor: Int32
    private let ownsDescriptor: Bool
    /// Set while writing to a temporary file that `commit` renames to `target`.
    private var temporary: (path: String, target: String, folder: String)?
    private var failure: OutputError?
    private var open = true

    /// Standard output, written directly and checked; never closed here.
    public static func standardOutput() -> OutputFile {
        OutputFile(path: "standard output", descriptor: STDOUT_FILENO, owns: false, temporary: nil)
    }

    private init(path: String, descriptor: Int32, owns: Bool, temporary: (path: String, target: String, folder: String)?) {
        self.path = path
        self.descriptor = descriptor
        self.ownsDescriptor = owns
        self.temporary = temporary
    }

    /// Opens `path` for writing as described above; `-` is standard output.
    public static func create(_ path: String, protecting protected: ProtectedFiles) throws(OutputError) -> OutputFile {
        if path == "-" { return standardOutput() }
        guard !path.isEmpty else { throw OutputError(path: "''", reason: "the file name is empty") }
        var info = stat()
        let exists = stat(path, &info) == 0
        if let input = protected.conflict(path: path, identity: exists ? FileIdentity.of(path) : nil) {
            throw OutputError(path: path, reason: input == path
                ? "it is also an input of this command; choose another file"
                : "it is the same file as \(input), an input of this command; choose another file")
        }
        if exists {
            switch info.st_mode & S_IFMT {
            case S_IFCHR, S_IFIFO:
                let fd = Glibc.open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
                guard fd >= 0 else { throw OutputError(path: path, reason: SystemError.reason(errno)) }
                return OutputFile(path: path, descriptor: fd, owns: true, temporary: nil)
            case S_IFDIR: throw OutputError(path: path, reason: "it is a folder")
            case S_IFREG: break
            default: throw OutputError(path: path, reason: "it is not a regular file, a pipe or a character device")
            }
        } else {
            var link = stat()
            if lstat(path, &link) == 0 { throw OutputError(path: path, reason: "it is a link to a file that does not exist") }
        }
        // A link to a regular file: replace the file it points to, not the link.
        let target = exists ? (ProtectedFiles.canonicalPath(path) ?? path) : path
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            let suffix = String(generator.next() as UInt64, radix: 36)
            let temporaryPath = folder + "/." + name.prefix(100) + "." + suffix + ".part"
            let fd = Glibc.open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                return OutputFile(path: path, descriptor: fd, owns: true, temporary: (temporaryPath, target, folder))
            }
            if errno != EEXIST { throw OutputError(path: path, reason: SystemError.reason(errno)) }
        }
        throw OutputError(path: path, reason: "no unused temporary name in \(folder)")
    }

    /// Writes all of `bytes`; the first failure is kept and thrown.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if let failure { throw failure }
        guard open else { throw OutputError(path: path, reason: "already closed") }
        do {
            try SystemCall.writeAll(descriptor, bytes)
        } catch {
            let failure = OutputError(path: path, reason: SystemError.reason(error.errno))
            self.failure = failure
            throw failure
        }
    }

    public func write(_ bytes: [UInt8]) throws(OutputError) {
        let failure = bytes.withUnsafeBytes { raw -> OutputError? in
            do throws(OutputError) { try write(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    public func write(_ text: String) throws(OutputError) {
        try write(Array(text.utf8))
    }

    /// Makes the output complete: syncs, closes and renames into place.
    public func commit() throws(OutputError) {
        if let failure { abandon(); throw failure }
        guard open else { return }
        open = false
        func fail(_ code: Int32) throws(OutputError) -> Never {
            let failure = OutputError(path: path, reason: SystemError.reason(code))
            self.failure = failure
            if let temporary { unlink(temporary.path) }
            throw failure
        }
        if let temporary {
            if fsync(descriptor) != 0 { let code = errno; Glibc.close(descriptor); try fail(code) }
            if Glibc.close(descriptor) != 0 { try fail(errno) }
            if rename(temporary.path, temporary.target) != 0 { try fail(errno) }
            let folder = Glibc.open(temporary.folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 {
                let synced = fsync(folder) == 0 || errno == EINVAL
                let code = errno
                Glibc.close(folder)
                if !synced { try fail(code) }
            }
        } else if ownsDescriptor {
            if Glibc.close(descriptor) != 0 { try fail(errno) }
        }
    }

    /// Drops an unfinished output: closes it and removes the temporary file.
    public func abandon() {
        guard open else { return }
        open = false
        if ownsDescriptor { Glibc.close(descriptor) }
        if let temporary { unlink(temporary.path) }
    }

    deinit { abandon() }
}
