import Foundation
import JSONLines
import Testing
import TestSupport

/// `oss simulate` on hostile event scripts, through the real executable.
@Suite("oss simulate: hostile event scripts", .serialized)
struct EventScriptCommandTests {
    /// `count` clean cycles of the fixture station's `cap` product from `t`.
    private func cycles(_ count: Int, from t: Int) -> String {
        (0..<count).map { #"{"t": \#(t + 10 * $0 + 1), "product": "cap"}"# + "\n" + #"{"t": \#(t + 10 * $0 + 2), "input": "bin-2"}"# + "\n" }
            .joined()
    }

    private func traceLines(_ run: Run) -> [String] {
        run.stdout.split(separator: "\n").map(String.init)
    }

    @Test func aBadgeWithANulIsADroppedEventNotAWorkerAndNoCycleIsLost() throws {
        let temp = TemporaryDirectory()
        let fixture = StationFixture()
        let script = temp.write("s.jsonl", #"{"t": 0, "login": "W1"}"# + "\n" + cycles(3, from: 0)
            + #"{"t": 40, "login": "W1\u0000X"}"# + "\n" + cycles(3, from: 40))
        let journal = temp.path + "/j.db"
        let run = try oss("simulate", "--station", fixture.stationPath, "--events", script, "--journal", journal, "--trace", "-")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = traceLines(run)
        #expect(lines.filter { $0.contains(#""type": "dropped""#) }
            == [#"{"t": 40.0, "type": "dropped", "source": "script", "reason": "bad text for login: control character U+0000 at character 3"}"#])
        #expect(lines.filter { $0.contains(#""type": "login""#) } == [#"{"t": 0.0, "type": "login", "worker": "W1"}"#])
        #expect(lines.filter { $0.contains(#""type": "cycle_done""#) }.count == 6)
        let export = try oss("export", "--journal", journal, "--what", "cycles", "--format", "csv")
        #expect(export.status == 0, "\(export.stderr)")
        let rows = export.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 6, "every valid cycle is in the journal")
        #expect(rows.allSatisfy { $0.hasPrefix("W1,cap,") })
    }

    @Test func eventsOfCodesAndDevicesNoInputUsesAreDroppedWithTheirReason() throws {
        let temp = TemporaryDirectory()
        let fixture = StationFixture()
        let script = temp.write("s.jsonl", """
            {"t": 0, "evdev": {"device": "USB Mouse", "type": "EV_REL", "code": "REL_X", "value": 5}}
            {"t": 1, "evdev": {"device": "Station Buttons", "type": "EV_REL", "code": "REL_WHEEL", "value": -1}}
            {"t": 2, "evdev": {"device": "Station Buttons", "type": "EV_KEY", "code": "BTN_MOUSE", "value": 1}}
            {"t": 3, "evdev": {"device": "RFID Reader", "type": "EV_MSC", "code": "MSC_SCAN", "value": 458756}}
            {"t": 3, "evdev": {"device": "RFID Reader", "type": "EV_SYN", "code": "SYN_REPORT", "value": 0}}
            {"t": 4, "evdev": {"device": "Lid", "type": 5, "code": 0, "value": 1}}
            {"t": 5, "board": "A5 01 01 00 01 65 D4"}
            """)
        let run = try oss("simulate", "--station", fixture.stationPath, "--events", script, "--journal", temp.path + "/j.db", "--trace", "-")
        #expect(run.status == 0, "\(run.stderr)")
        let reasons = try traceLines(run).map { line -> String in
            guard case .object(let object) = try JSONParser.parse(line), case .string(let reason)? = object["reason"] else { return line }
            return reason
        }
        #expect(reasons == [
            #"unknown device "USB Mouse""#,
            #"unmapped code EV_REL REL_WHEEL on "Station Buttons""#,
            #"unmapped code EV_KEY BTN_LEFT on "Station Buttons""#,
            #"unknown device "Lid""#,
            "bad frame: bad crc",
        ])
    }

    @Test func aScriptThatCannotBeReadSaysWhyAndRunsNothing() throws {
        let temp = TemporaryDirectory()
        let fixture = StationFixture()
        let fifo = temp.path + "/fifo.jsonl"
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases = [
            (temp.path + "/missing.jsonl", "missing.jsonl: error: cannot read the event script: No such file or directory"),
            (temp.path, ": error: cannot read the event script: it is a directory"),
            (fifo, "fifo.jsonl: error: the event script must be a regular file, not a pipe"),
        ]
        for (path, message) in cases {
            let run = try oss("simulate", "--station", fixture.stationPath, "--events", path, "--journal", temp.path + "/j.db")
            #expect(run.status == 1)
            #expect(run.isClean)
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(!run.stderr.contains(":0:"), "no line 0 without a reason")
        }
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/j.db"))
    }

    @Test func badBytesAndTooManyBadLinesAreReportedByLineAndCapped() throws {
        let temp = TemporaryDirectory()
        let fixture = StationFixture()
        var bytes = Array(#"{"t": 0, "login": "W1"}"#.utf8) + [10]
        bytes += Array(#"{"t": 1, "login": "W"#.utf8) + [0xFF] + Array(#""}"#.utf8) + [10]
        for t in 2..<102 { bytes += Array(#"{"t": \#(t), "input": "bin-9\u{1B}[2J"}"#.utf8) + [10] }
        let script = temp.path + "/s.jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: script))
        let run = try oss("simulate", "--station", fixture.stationPath, "--events", script, "--journal", temp.path + "/j.db")
        #expect(run.status == 1)
        #expect(run.isClean)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.first == "\(script):2: error: the line is not valid UTF-8")
        #expect(lines.filter { $0.hasPrefix(script + ":") && !$0.contains("more bad lines") }.count == 50, "the first 50 problems")
        #expect(run.stderr.contains("\(script): error: and 51 more bad lines (the first 50 are shown)"))
        #expect(!run.stderr.contains("\u{1B}"), "no escape sequence from the script reaches the terminal")
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/j.db"))
    }
}
