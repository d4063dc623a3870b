import InputMapping
import Runtime
import StationEngine
import Testing
import TestSupport

@Suite("EventScript")
struct EventScriptTests {
    let station = try! StationFixture().load()

    @Test func parsesEveryKindOfLineAndSkipsCommentsAndBlanks() throws {
        let text = """
            # a comment
            {"t": 0.0,  "login": "W042"}

            {"t": 0.5,  "product": "lamp"}
            {"t": 3.2,  "input": "bin-1"}
            {"t": 15,   "input": "torque", "ok": false}
            {"t": 20.0, "input": "scanner", "text": "LMP-123"}
            {"t": 90.0, "logout": true}
            """
        let script = try EventScript.parse(text, file: "s.jsonl", station: station)
        #expect(try script.lines.map(\.number) == [2, 4, 5, 6, 7, 8])
        #expect(try script.lines.map(\.time) == [0, 500_000, 3_200_000, 15_000_000, 20_000_000, 90_000_000])
        #expect(try script.lines.map(\.action) == [
            .badge("W042"), .product("lamp"), .input("bin-1", .press), .input("torque", .tool(ok: false)),
            .input("scanner", .text("LMP-123")), .logout,
        ].map(EventScript.Action.engine))
    }

    @Test func writtenLinesParseBackToTheirInputs() throws {
        let inputs: [EngineInput] = [.badge("W042"), .product("lamp"), .input("bin-1", .press), .input("torque", .tool(ok: false)),
                                     .input("scanner", .text("LMP-\"1\"")), .logout]
        let text = inputs.enumerated().compactMap { EventScript.line(for: $1, at: Micros($0) * 1_500_001) }.joined(separator: "\n")
        let script = try EventScript.parse(text, file: "w.jsonl", station: station)
        #expect(try script.lines.map(\.action) == inputs.map(EventScript.Action.engine))
        #expect(try script.lines.map(\.time) == (0..<6).map { Micros($0) * 1_500_001 })
        #expect(EventScript.line(for: .deviceOffline("board"), at: 0) == nil)
    }

    @Test func windowsLineEndingsAreLinesToo() throws {
        let text = "{\"t\": 0, \"login\": \"W1\"}\r\n\r\n{\"t\": 1, \"product\": \"lamp\"}\r\n{\"t\": 0.5, \"input\": \"bin-1\"}\r\n"
        #expect(throws: EventScript.ParseError.self) { try EventScript.parse(text, file: "s.jsonl", station: station) }
        do {
            _ = try EventScript.parse(text, file: "s.jsonl", station: station)
        } catch {
            #expect(error.problems.map(\.line) == [4], "the decreasing time is on line 4")
        }
        let good = try EventScript.parse("{\"t\": 0, \"login\": \"W1\"}\r\n\r\n{\"t\": 1, \"product\": \"lamp\"}\r\n",
                                         file: "s.jsonl", station: station)
        #expect(try good.lines.map(\.number) == [1, 3])
    }

    @Test func reportsEveryBadLineWithItsNumber() {
        let text = """
            {"t": 0, "login": "W1"}
            {"t": 1, "input": "bin-9"}
            not json
            {"t": 2, "input": "torque"}
            {"t": 3, "input": "bin-1", "ok": true}
            {"t": 1, "input": "bin-1"}
            {"t": 4, "login": "W1", "logout": true}
            {"t": 5, "inptu": "bin-1"}
            {"input": "bin-1"}
            {"t": -1, "input": "bin-1"}
            {"t": 6, "logout": false}
            {"t": 7, "evdev": {"device": "Station Buttons", "type": "EV_KEY", "code": "BTN_77", "value": 1}}
            {"t": 8, "board": "A5 0"}
            """
        #expect {
            _ = try EventScript.parse(text, file: "bad.jsonl", station: station)
        } throws: { error in
            guard let error = error as? EventScript.ParseError else { return false }
            let lines = error.problems.map(\.line)
            let text = error.description
            return lines == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
                && text.contains("bad.jsonl:2: error: unknown input \"bin-9\"")
                && text.contains("bad.jsonl:3: error: invalid JSON at column 1")
                && text.contains("bad.jsonl:4: error: tool input \"torque\" needs \"ok\"")
                && text.contains("bad.jsonl:6: error: t 1.0 is earlier than the previous line's 3.0")
                && text.contains("bad.jsonl:8: error: unknown key \"inptu\"")
                && text.contains("bad.jsonl:12: error: evdev \"code\" \"BTN_77\" is not a code of EV_KEY")
                && text.contains("bad.jsonl:13: error: \"board\" must be pairs of hex digits")
        }
    }

    @Test func parsesDeviceLines() throws {
        let script = try EventScript.parse("""
            {"t": 1, "evdev": {"device": "Station Buttons", "type": "EV_KEY", "code": "BTN_0", "value": 1}}
            {"t": 1, "evdev": {"device": "Barcode Scanner", "vendor": 1504, "type": 1, "code": 30, "value": 2}}
            {"t": 1, "evdev": {"device": "Station Buttons", "type": "EV_SYN", "code": "SYN_REPORT", "value": 0}}
            {"t": 2, "board": "A5 01 01 00 01 65 D5"}
            {"t": 3, "board": "a50101000165d5"}
            """, file: "s", station: station)
        #expect(try script.lines.map(\.action) == [
            .evdev(EvdevEvent(device: EvdevDeviceIdentity(name: "Station Buttons"), type: 1, code: 0x100, value: 1)),
            .evdev(EvdevEvent(device: EvdevDeviceIdentity(name: "Barcode Scanner", vendor: 1504), type: 1, code: 30, value: 2)),
            .evdev(EvdevEvent(device: EvdevDeviceIdentity(name: "Station Buttons"), type: 0, code: 0, value: 0)),
            .board([0xA5, 0x01, 0x01, 0x00, 0x01, 0x65, 0xD5]),
            .board([0xA5, 0x01, 0x01, 0x00, 0x01, 0x65, 0xD5]),
        ])
    }

    @Test func decimalTimesAreExactMicroseconds() throws {
        let script = try EventScript.parse(#"{"t": 0.1, "login": "W1"}"# + "\n" + #"{"t": 1234.567891, "logout": true}"#,
                                           file: "s", station: station)
        #expect(try script.lines.map(\.time) == [100_000, 1_234_567_891])
    }
}
