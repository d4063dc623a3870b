import LinuxSystem
import Testing

@Suite("ManualClock")
struct ManualClockTests {
    @Test func movesOnlyWhenToldAndNeverBack() {
        let clock = ManualClock(monotonic: 100, wallAtZero: 1_000_000)
        #expect(clock.monotonicMicros() == 100)
        #expect(clock.wallMicros() == 1_000_100)
        clock.advance(by: 50)
        #expect(clock.monotonicMicros() == 150)
        clock.advance(by: -20)    // ignored: monotonic
        #expect(clock.monotonicMicros() == 150)
        clock.set(1000)
        #expect(clock.monotonicMicros() == 1000)
        clock.set(10)             // ignored: earlier
        #expect(clock.monotonicMicros() == 1000)
        #expect(clock.wallMicros() == 1_001_000)
    }

    @Test func isAStationClock() {
        let clock: StationClock = ManualClock()
        #expect(clock.monotonicMicros() == 0)
        #expect(clock.wallMicros() == 1_767_225_600_000_000)   // 2026-01-01 00:00:00 UTC
    }
}
