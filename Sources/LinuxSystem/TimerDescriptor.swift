import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// A one-shot timer on CLOCK_MONOTONIC as a descriptor (timerfd), so that the
/// engine's next deadline wakes the same epoll wait as the devices.
public final class TimerDescriptor: @unchecked Sendable {
    public let descriptor: FileDescriptor

    public init() throws(SystemError) {
        descriptor = FileDescriptor(owning: try SystemCall.run("timerfd_create") {
            timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        })
    }

    /// Fires once after `microseconds` (at least 1 µs: zero would disarm it).
    public func arm(afterMicroseconds microseconds: Int64) throws(SystemError) {
        let wait = max(1, microseconds)
        var spec = itimerspec(it_interval: timespec(),
                              it_value: timespec(tv_sec: Int(wait / 1_000_000), tv_nsec: Int(wait % 1_000_000) * 1000))
        try SystemCall.run("timerfd_settime") { timerfd_settime(descriptor.rawValue, 0, &spec, nil) }
    }

    public func disarm() throws(SystemError) {
        var spec = itimerspec()
        try SystemCall.run("timerfd_settime") { timerfd_settime(descriptor.rawValue, 0, &spec, nil) }
    }

    /// Takes the expirations since the last call (0 when it has not fired).
    @discardableResult
    public func acknowledge() throws(SystemError) -> UInt64 {
        try descriptor.readValue(UInt64.self, call: "read(timerfd)") ?? 0
    }
}
