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
        #expect(script.lines.map(\.number) == [2, 4, 5, 6, 7, 8])
        #expect(script.lines.map(\.time) == [0, 500_000, 3_200_000, 15_000_000, 20_000_000, 90_000_000])
        #expect(script.lines.map(\.input) == [
            .badge("W042"), .product("lamp"), .input("bin-1", .press), .input("torque", .tool(ok: false)),
            .input("scanner", .text("LMP-123")), .logout,
        ])
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
            {"t": 7, "evdev": {"device": "Station Buttons", "type": "EV_KEY", "code": "BTN_0", "value": 1}}
            """
        #expect {
            _ = try EventScript.parse(text, file: "bad.jsonl", station: station)
        } throws: { error in
            guard let error = error as? EventScript.ParseError else { return false }
            let lines = error.problems.map(\.line)
            let text = error.description
            return lines == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
                && text.contains("bad.jsonl:2: error: unknown input \"bin-9\"")
                && text.contains("bad.jsonl:3: error: invalid JSON at column 1")
                && text.contains("bad.jsonl:4: error: tool input \"torque\" needs \"ok\"")
                && text.contains("bad.jsonl:6: error: t 1.0 is earlier than the previous line's 3.0")
                && text.contains("bad.jsonl:8: error: unknown key \"inptu\"")
                && text.contains("bad.jsonl:12: error: \"evdev\" events need the device backends")
        }
    }

    @Test func decimalTimesAreExactMicroseconds() throws {
        let script = try EventScript.parse(#"{"t": 0.1, "login": "W1"}"# + "\n" + #"{"t": 1234.567891, "logout": true}"#,
                                           file: "s", station: station)
        #expect(script.lines.map(\.time) == [100_000, 1_234_567_891])
    }
}
