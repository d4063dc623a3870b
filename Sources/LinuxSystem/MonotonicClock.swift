#if canImport(Glibc)
import Glibc
#endif

/// Where time comes from. The engine never reads a clock; the live loop
/// reads this one and passes the times on, and tests pass a manual clock.
public protocol StationClock: AnyObject, Sendable {
    /// Microseconds on a clock that never jumps (CLOCK_MONOTONIC).
    func monotonicMicros() -> Int64
    /// Microseconds since the Unix epoch, for the journal's timestamps.
    func wallMicros() -> Int64
}

/// The system's clocks: the only place oss reads them.
public final class SystemClock: StationClock {
    public static let shared = SystemClock()
    public init() {}

    public func monotonicMicros() -> Int64 { Self.read(CLOCK_MONOTONIC) }
    public func wallMicros() -> Int64 { Self.read(CLOCK_REALTIME) }

    private static func read(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        // Cannot fail for these clocks with a valid pointer.
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}

/// A clock that moves only when told: for tests and replays of the live loop.
public final class ManualClock: StationClock, @unchecked Sendable {
    private var monotonic: Int64
    private let wallOffset: Int64

    public init(monotonic: Int64 = 0, wallAtZero: Int64 = 1_767_225_600_000_000) {
        self.monotonic = monotonic
        wallOffset = wallAtZero
    }

    public func monotonicMicros() -> Int64 { monotonic }
    public func wallMicros() -> Int64 { wallOffset + monotonic }

    public func advance(by microseconds: Int64) { monotonic += max(0, microseconds) }
    public func set(_ microseconds: Int64) { monotonic = max(monotonic, microseconds) }
}
