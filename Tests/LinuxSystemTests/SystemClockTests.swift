import LinuxSystem
import Testing

@Suite("SystemClock")
struct SystemClockTests {
    @Test func monotonicTimeDoesNotGoBackAndAgreesInBothUnits() {
        let clock = SystemClock.shared
        let before = clock.monotonicMicros()
        let nanoseconds = clock.monotonicNanoseconds()
        let after = clock.monotonicMicros()
        #expect(before <= after)
        #expect(Int64(nanoseconds / 1000) >= before && Int64(nanoseconds / 1000) <= after)
    }

    @Test func wallTimeIsAfter2025() {
        #expect(SystemClock.shared.wallMicros() > 1_735_689_600_000_000)
    }
}
