#if canImport(Glibc)
import Glibc
#endif

/// Signals sent to processes (kill), for supervising child processes.
public enum ProcessSignal {
    /// SIGTERM: the polite request to end.
    public static let terminate = SIGTERM
    /// SIGKILL: ends a process that ignored a polite request.
    public static let kill = SIGKILL
    /// SIGUSR1 and SIGUSR2: free for oss's own use (and its tests).
    public static let user1 = SIGUSR1
    public static let user2 = SIGUSR2

    /// Sends `signal` to the process `pid`.
    public static func send(_ signal: Int32, to pid: Int32) throws(SystemError) {
        try SystemCall.run("kill") { Glibc.kill(pid, signal) }
    }
}
