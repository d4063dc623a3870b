import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// Real-time priority and locked memory for the live loop. Refusals are
/// normal (no CAP_SYS_NICE in a container, a small RLIMIT_MEMLOCK): they are
/// returned for the log, the station runs without.
public enum Scheduling {
    /// SCHED_FIFO at `priority`; nil when granted, the reason when refused.
    public static func requestRealtime(priority: Int32 = 20) -> SystemError? {
        var parameters = sched_param(sched_priority: priority)
        return sched_setscheduler(0, SCHED_FIFO, &parameters) == 0 ? nil : SystemError(call: "sched_setscheduler", errno: errno)
    }

    /// Locks present and future pages in memory; nil when granted.
    public static func lockMemory() -> SystemError? {
        mlockall(MCL_CURRENT | MCL_FUTURE) == 0 ? nil : SystemError(call: "mlockall", errno: errno)
    }

    /// The stop signals as numbers, so callers need not import libc.
    public static let hangUp = SIGHUP
    public static let interrupt = SIGINT
    public static let terminate = SIGTERM
}
