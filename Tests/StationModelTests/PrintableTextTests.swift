import StationModel
import Testing

@Suite("PrintableText")
struct PrintableTextTests {
    @Test func controlsAndDirectionMarksAreEscapedEverythingElseKept() {
        #expect(PrintableText.escaped("W\u{1B}]0;x\u{7}\u{0}\u{9B}\u{202E}\u{2028}") == #"W\u{1B}]0;x\u{7}\u{0}\u{9B}\u{202E}\u{2028}"#)
        #expect(PrintableText.escaped("Ünal Şahin 王") == "Ünal Şahin 王")
        #expect(PrintableText.escaped("a\nb\tc") == #"a\u{A}b\u{9}c"#)
        #expect(PrintableText.escaped("a\nb\tc\r", keepingLineBreaks: true) == "a\nb\tc\\u{D}")
    }

    @Test func hexHasAtLeastFourDigits() {
        #expect(PrintableText.hex("\u{1B}") == "001B")
        #expect(PrintableText.hex("\u{1F600}") == "1F600")
    }
}
