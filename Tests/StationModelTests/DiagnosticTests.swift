@testable import StationModel
import Testing

@Suite("Diagnostic")
struct DiagnosticTests {
    @Test func controlCharactersFromFilesNeverReachTheTerminal() {
        let diagnostic = Diagnostic(file: "st\u{1B}]0;x\u{07}/station.yaml", line: 3, column: 1, field: "name\r",
                                    message: "unknown input '\u{1B}[2J\u{0}\u{9B}31m\u{202E}evil'")
        let text = diagnostic.description
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(!text.unicodeScalars.contains { $0.value == 0x202E })
        #expect(text == #"st\u{1B}]0;x\u{7}/station.yaml:3:1: error: name\u{D}: unknown input '\u{1B}[2J\u{0}\u{9B}31m\u{202E}evil'"#)
    }

    @Test func plainMessagesAreUnchanged() {
        let diagnostic = Diagnostic(file: "a/station.yaml", line: 1, column: 2, field: "name", message: "Werkplek fiets 'ü'")
        #expect(diagnostic.description == "a/station.yaml:1:2: error: name: Werkplek fiets 'ü'")
    }

    @Test func aMessageEchoingAHugeValueIsCutShort() {
        let diagnostic = Diagnostic(file: "f", line: nil, column: nil, field: "", message: "found '" + String(repeating: "x", count: 100_000) + "'")
        #expect(diagnostic.description.count < Diagnostic.maximumMessageCharacters + 30)
        #expect(diagnostic.description.hasSuffix("…"))
    }
}
