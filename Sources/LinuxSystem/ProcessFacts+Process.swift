#if canImport(Glibc)
import Glibc
#endif

extension ProcessFacts {
    /// This process's id (getpid).
    public static var processIdentifier: Int32 { getpid() }

    /// True when running as root (effective uid 0).
    public static var isSuperuser: Bool { geteuid() == 0 }

    /// Whether standard input is a terminal, so that a command waits for
    /// Enter only when someone can press it.
    public static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Whether standard output is a terminal, so that binary output (xlsx)
    /// is not poured onto a screen.
    public static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Ends the process with `status` after the C library's exit handlers
    /// (flushes stdio buffers), as `exit(3)` does.
    public static func exit(_ status: Int32) -> Never { Glibc.exit(status) }
}
