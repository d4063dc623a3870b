import Journal
import Testing

@Suite("UTCTime")
struct UTCTimeTests {
    @Test func formatsWithMillisecondsAndZ() {
        #expect(UTCTime.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTime.format(1_772_438_400_500_000) == "2026-03-02T08:00:00.500Z")
        #expect(UTCTime.format(951_782_400_000_000) == "2000-02-29T00:00:00.000Z")
        #expect(UTCTime.format(-1_000) == "1969-12-31T23:59:59.999Z")
    }

    @Test func parsesDatesTimesAndOffsets() {
        #expect(UTCTime.parse("2026-03-02") == 1_772_409_600_000_000)
        #expect(UTCTime.parse("2026-03-02T08:00:00Z") == 1_772_438_400_000_000)
        #expect(UTCTime.parse("2026-03-02T08:00Z") == 1_772_438_400_000_000)
        #expect(UTCTime.parse("2026-03-02T09:00:00+01:00") == 1_772_438_400_000_000)
        #expect(UTCTime.parse("2026-03-02T08:00:00.25Z") == 1_772_438_400_250_000)
    }

    @Test(arguments: ["", "2026", "2026-13-01", "2026-02-30", "2026-03-02T25:00Z", "2026-03-02T08:00:00", "02-03-2026",
                      "2026-03-02T08:00:00.Z", "2026-03-02T08:00:00Zjunk"])
    func refusesWhatIsNotATime(text: String) {
        #expect(UTCTime.parse(text) == nil)
    }

    @Test func roundTrips() {
        for micros: Int64 in [0, 1_772_438_400_123_000, 4_102_444_799_999_000] {
            #expect(UTCTime.parse(UTCTime.format(micros)) == micros)
        }
    }
}
