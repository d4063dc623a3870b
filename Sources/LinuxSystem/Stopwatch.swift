#if canImport(Glibc)
import Glibc
#endif

extension SystemClock {
    /// Nanoseconds on CLOCK_MONOTONIC, for timing code paths (`oss bench`)
    /// finer than the station's microseconds.
    public func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        // Cannot fail for this clock with a valid pointer.
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
