#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Facts about the running process that oss relies on for privacy and for
/// honest exit codes.
public enum ProcessFacts {
    /// The operating-system account the process acts as: the passwd name of
    /// the effective user id, or `uid N` when it has none. Environment
    /// variables such as `USER` are ignored: anyone can set them.
    public static func account() -> String {
        let uid = geteuid()
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        guard status == 0, let result, let name = result.pointee.pw_name else { return "uid \(uid)" }
        let text = String(cString: name)
        return text.isEmpty ? "uid \(uid)" : text
    }

    /// Files and folders this process creates are readable by its own
    /// account only (0600 and 0700): oss writes person data.
    public static func restrictNewFileModes() {
        umask(0o077)
    }

    /// Points standard error at /dev/null, for when it is a file oss must
    /// not write into (one of its own inputs).
    public static func silenceStandardError() {
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard null >= 0 else { return }
        _ = dup2(null, STDERR_FILENO)
        close(null)
    }

    /// Hands what is buffered for standard output on now: a line another
    /// program waits for (`listening on ...`) must not sit in the buffer.
    public static func flushStandardOutput() {
        fflush(stdout)
    }

    /// Flushes and checks standard output, as coreutils do at exit, so that
    /// a full disk or a closed pipe is an error instead of a silent loss.
    public static func finishStandardOutput() -> OutputError? {
        let flushed = fflush(stdout) == 0
        let code = errno
        if !flushed || ferror(stdout) != 0 {
            return OutputError(path: "standard output", reason: SystemError.reason(flushed ? EIO : code))
        }
        return nil
    }
}
