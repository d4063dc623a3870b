#if canImport(Glibc)
import Glibc
#endif

/// Typing a password on a terminal: its echo is turned off while `body`
/// reads, and back on afterwards, so that the password never shows on the
/// screen. Standard input that is not a terminal (a pipe, a file) is read
/// as it is.
public enum TerminalEcho {
    public static func withoutEcho<T>(_ body: () throws -> T) rethrows -> T {
        var saved = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return try body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0 else { return try body() }
        defer { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
        return try body()
    }
}
