@testable import Journal
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
                      "2026-03-02T08:00:00.Z", "2026-03-02T08:00:00Zjunk",
                      "99999-01-01", "99999-01-01T00:00Z", "2026-03-02T08:00+01:99", "2026-03-02T08:00+99:00"])
    func refusesWhatIsNotATime(text: String) {
        #expect(UTCTime.parse(text) == nil)
    }

    @Test func roundTrips() {
        for micros: Int64 in [0, 1_772_438_400_123_000, 4_102_444_799_999_000] {
            #expect(UTCTime.parse(UTCTime.format(micros)) == micros)
        }
    }

    /// Any Int64 from a journal formats without trapping (Int64.min used to
    /// overflow in the floor division), and the extreme texts parse or are refused.
    @Test func extremesNeitherTrapNorOverflow() {
        #expect(UTCTime.format(.min).hasSuffix("Z"))
        #expect(UTCTime.format(.max) == "294247-01-10T04:00:54.775Z")
        var bytes: [UInt8] = []
        UTCTime.append(.min, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == UTCTime.format(.min))
        #expect(UTCTime.parse("9999-12-31T23:59:59." + String(repeating: "9", count: 400) + "-23:59") == 253_402_387_139_999_999)
        #expect(UTCTime.parse("0000-01-01T00:00+23:59") == -62_167_305_540_000_000)
    }
}
