import Display
import Testing

@Suite("FrameName")
struct FrameNameTests {
    @Test func namesTheEventsPictureAndTheChangesAfterIt() {
        #expect(FrameName(event: 12).fileName == "000012.png")
        #expect(FrameName(event: 12, change: 1).fileName == "000012-01.png")
        #expect(FrameName(event: 0, change: 2).description == "000000-02", "before any event")
        #expect(FrameName(event: 1_234_567, change: 100).fileName == "1234567-100.png", "wider numbers are written whole")
    }
}
