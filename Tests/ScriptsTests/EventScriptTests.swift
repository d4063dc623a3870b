import Foundation
import InputMapping
import Pipeline
import Scripts
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

    // MARK: Files, streamed

    /// A script of many cycles whose lines cross the reader's 64 KiB chunks at every offset.
    private func longScript(cycles: Int) -> String {
        var lines = ["# a long shift", ""]
        for cycle in 0..<cycles {
            let t = Double(cycle) * 2
            lines.append(#"{"t": \#(t), "product": "cap"}"#)
            lines.append(#"{"t": \#(t + 1), "input": "bin-2"}"# + String(repeating: " ", count: cycle % 7))
        }
        return #"{"t": 0, "login": "W1"}"# + "\r\n" + lines.joined(separator: "\n")
    }

    @Test func aFileIsReadInChunksAndGivesTheSameLinesAsTheTextInMemory() throws {
        let temp = TemporaryDirectory()
        let text = longScript(cycles: 6000)
        #expect(text.utf8.count > 3 * 65_536)
        let path = temp.write("long.jsonl", text)
        let streamed = try EventScript.load(path: path, station: station)
        let inMemory = try EventScript.parse(text, file: path, station: station)
        #expect(streamed.count == 12_001)
        #expect(try streamed.lines == inMemory.lines)
        #expect(try streamed.lines.last?.number == text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count)
    }

    @Test func aFileThatChangesAfterItWasCheckedStopsBeforeTheChangedPart() throws {
        let temp = TemporaryDirectory()
        let text = longScript(cycles: 6000)
        let path = temp.write("long.jsonl", text)
        let script = try EventScript.load(path: path, station: station)
        // Same length, one byte changed in the third chunk: a product no station has.
        var bytes = Array(text.utf8)
        let offset = bytes[(2 * 65_536)...].firstIndex(of: UInt8(ascii: "c"))!
        bytes[offset] = UInt8(ascii: "x")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var run = 0
        #expect {
            try script.forEachLine { _ in run += 1 }
        } throws: { error in
            "\(error)".contains("long.jsonl: error: the event script changed after it was checked (from byte 131072 on)")
        }
        #expect(run > 0 && run < script.count, "the lines of the unchanged chunks were run, none after")
    }

    @Test func problemsAreCappedAndCounted() {
        let text = (1...75).map { #"{"t": \#($0), "input": "bin-9"}"# }.joined(separator: "\n")
        #expect {
            _ = try EventScript.parse(text, file: "bad.jsonl", station: station)
        } throws: { error in
            guard let error = error as? EventScript.ParseError else { return false }
            return error.problems.count == EventScript.maxProblems && error.problems.last?.line == 50 && error.more == 25
                && error.description.hasSuffix("bad.jsonl: error: and 25 more bad lines (the first 50 are shown)")
        }
    }

    @Test func anOverlongLineAndInvalidUTF8AreErrorsOnTheirLines() throws {
        let temp = TemporaryDirectory()
        var bytes = Array(#"{"t": 0, "login": "W1"}"#.utf8) + [10]
        bytes += Array(#"{"t": 1, "login": ""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 200_000) + Array(#""}"#.utf8) + [10]
        bytes += Array(#"{"t": 2, "login": "W"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8) + [10]
        bytes += Array(#"{"t": 3, "logout": tru}"#.utf8)
        let path = temp.path + "/bad.jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try EventScript.load(path: path, station: station)
        } throws: { error in
            guard let error = error as? EventScript.ParseError else { return false }
            return error.problems.map(\.line) == [2, 3, 4]
                && error.problems[0].message == "the line is longer than 65536 bytes; a line is one small JSON object"
                && error.problems[1].message == "the line is not valid UTF-8"
        }
    }

    @Test func aScriptThatCannotBeReadSaysWhy() throws {
        let temp = TemporaryDirectory()
        func message(_ path: String) -> String {
            do {
                _ = try EventScript.load(path: path, station: station)
                return "loaded"
            } catch {
                return error.description
            }
        }
        #expect(message(temp.path + "/none.jsonl") == temp.path + "/none.jsonl: error: cannot read the event script: No such file or directory")
        #expect(message(temp.path) == temp.path + ": error: cannot read the event script: it is a directory")
        let fifo = temp.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(message(fifo).hasPrefix(fifo + ": error: the event script must be a regular file, not a pipe"), "refused at once, without waiting for a writer")
        if geteuid() != 0 {
            let locked = temp.write("locked.jsonl", #"{"t": 0, "login": "W1"}"#)
            chmod(locked, 0)
            #expect(message(locked) == locked + ": error: cannot read the event script: Permission denied")
        }
    }

    @Test func everyEventTypeAndCodeNameOfTheKernelIsAcceptedAndNumbersToo() throws {
        let script = try EventScript.parse("""
            {"t": 0, "evdev": {"device": "USB Mouse", "type": "EV_REL", "code": "REL_X", "value": -3}}
            {"t": 0, "evdev": {"device": "Pad", "type": "EV_ABS", "code": "ABS_MT_POSITION_X", "value": 100}}
            {"t": 0, "evdev": {"device": "Lid", "type": "EV_SW", "code": "SW_LID", "value": 1}}
            {"t": 0, "evdev": {"device": "Kbd", "type": "EV_LED", "code": "LED_CAPSL", "value": 1}}
            {"t": 0, "evdev": {"device": "Kbd", "type": "EV_MSC", "code": "MSC_TIMESTAMP", "value": 5}}
            {"t": 0, "evdev": {"device": "Mouse", "type": "EV_KEY", "code": "BTN_MOUSE", "value": 1}}
            {"t": 0, "evdev": {"device": "Kbd", "type": 2, "code": "REL_WHEEL_HI_RES", "value": 120}}
            {"t": 0, "evdev": {"device": "Kbd", "type": 31, "code": 65535, "value": 0}}
            """, file: "s", station: station)
        #expect(try script.lines.map { line -> [UInt16] in
            guard case .evdev(let event) = line.action else { return [] }
            return [event.type, event.code]
        } == [[2, 0], [3, 0x35], [5, 0], [17, 1], [4, 5], [1, 0x110], [2, 0x0b], [31, 65535]])
        #expect {
            _ = try EventScript.parse(#"{"t": 0, "evdev": {"device": "M", "type": "EV_KEY", "code": "REL_X", "value": 1}}"#, file: "s", station: station)
        } throws: { error in
            "\(error)".contains(#"s:1: error: evdev "code" "REL_X" is a code of EV_REL, not of EV_KEY"#)
        }
    }

    @Test func namedBoardLinesRoundTripAndTheSingleBoardsStayAsTheyWere() throws {
        let twoBoards = try StationFixture.twoBoards().load()
        let bytes: [UInt8] = [0xA5, 0x01, 0x01, 0x00, 0x01, 0x65, 0xD5]
        let inputs: [StationInput] = [.boardLink(name: "left", change: .connected), .board(name: "left", bytes: bytes),
                                      .boardLink(name: "right", change: .disconnected), .board(name: "right", bytes: bytes)]
        let lines = inputs.compactMap { EventScript.line(for: $0, at: 1_000_000) }
        #expect(lines[1] == #"{"t": 1.0, "board": "A5 01 01 00 01 65 D5", "from": "left"}"#)
        let script = try EventScript.parse(lines.joined(separator: "\n"), file: "r.jsonl", station: twoBoards)
        #expect(try script.lines.map(\.action) == inputs)
        #expect(EventScript.line(for: .board(bytes), at: 1_000_000) == #"{"t": 1.0, "board": "A5 01 01 00 01 65 D5"}"#,
                "the single board's lines carry no name")
        #expect(EventScript.line(for: .boardLink(.absent), at: 0) == #"{"t": 0.0, "board_link": "absent"}"#)
        let old = try EventScript.parse(#"{"t": 1, "board": "A5", "from": "board"}"#, file: "o", station: station)
        #expect(try old.lines.map(\.action) == [.board([0xA5])], "the single board may be named")
    }

    @Test func aBoardLineMustNameABoardOfTheStation() throws {
        let twoBoards = try StationFixture.twoBoards().load()
        let text = """
            {"t": 1, "board": "A5"}
            {"t": 2, "board": "A5", "from": "middle"}
            {"t": 3, "board_link": "connected", "from": 7}
            {"t": 4, "login": "W1", "from": "left"}
            """
        #expect {
            try EventScript.parse(text, file: "n.jsonl", station: twoBoards)
        } throws: { error in
            let text = "\(error)"
            return text.contains("n.jsonl:1: error: the station has several boards; expected \"from\" naming one of left, right")
                && text.contains("n.jsonl:2: error: \"from\" must name a board of the station, one of left, right, found \"middle\"")
                && text.contains("n.jsonl:3: error: \"from\" must name a board")
                && text.contains("n.jsonl:4: error: \"from\" belongs to a \"board\" or \"board_link\" line, not to \"login\"")
        }
    }
}
