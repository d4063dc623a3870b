import BoardProtocol
import Foundation
import InputMapping
import JSONLines
import Journal
import FrameOutput
import Pipeline
import Replay
import Scripts
import StationModel
import Testing
import TestSupport

/// The reference example written as raw device data: every logical line of
/// demo-1's events.jsonl becomes the evdev key codes or board frames a real
/// station would send.
private func rawScript(from logical: String) throws -> String {
    var lines: [String] = []
    var sequence: UInt8 = 0
    func evdev(_ t: String, _ device: String, _ code: String, _ value: Int) {
        lines.append(#"{"t": \#(t), "evdev": {"device": "\#(device)", "type": "EV_KEY", "code": "\#(code)", "value": \#(value)}}"#)
    }
    func type(_ t: String, _ device: String, _ text: String) {
        for character in text {
            let code = character == "-" ? "KEY_MINUS" : "KEY_\(character.uppercased())"
            if character.isUppercase { evdev(t, device, "KEY_LEFTSHIFT", 1) }
            evdev(t, device, code, 1)
            evdev(t, device, code, 0)
            if character.isUppercase { evdev(t, device, "KEY_LEFTSHIFT", 0) }
        }
        evdev(t, device, "KEY_ENTER", 1)
        evdev(t, device, "KEY_ENTER", 0)
    }
    func board(_ t: String, _ message: BoardMessage) {
        let hex = BoardEncoder.encode(BoardFrame(sequence: sequence, message: message)).map { String(format: "%02X", $0) }
        sequence &+= 1
        lines.append(#"{"t": \#(t), "board": "\#(hex.joined(separator: " "))"}"#)
    }
    let sensors = ["bin-1": UInt8(1), "bin-2": 2, "bin-3": 3, "fixture": 8]
    for line in logical.split(separator: "\n") where !line.hasPrefix("#") {
        guard case .object(let object) = try JSONParser.parse(String(line)), case .number(let number)? = object["t"] else { continue }
        let t = number.literal
        if case .string(let badge)? = object["login"] { type(t, "RFID Reader", badge) }
        if case .string(let product)? = object["product"] { type(t, "Barcode Scanner", product) }
        guard case .string(let input)? = object["input"] else { continue }
        switch input {
        case "confirm", "help":
            let code = input == "confirm" ? "BTN_0" : "BTN_1"
            evdev(t, "Station Buttons", code, 1)
            evdev(t, "Station Buttons", code, 2)
            evdev(t, "Station Buttons", code, 0)
        case "scanner":
            guard case .string(let text)? = object["text"] else { continue }
            type(t, "Barcode Scanner", text)
        case "torque":
            guard case .bool(let ok)? = object["ok"] else { continue }
            board(t, .toolResult(tool: 1, ok: ok, torqueMilliNewtonMetre: ok ? 1200 : 300, angleDecidegrees: 900, timeMicros: 1))
        default:
            board(t, .sensorChange(channel: sensors[input]!, state: 1, timeMicros: 2))
            board(t, .sensorChange(channel: sensors[input]!, state: 0, timeMicros: 3))
        }
    }
    // An unknown device at t = 1.0, between the product scan (0.5) and the first pick (3.0).
    let firstPick = lines.firstIndex { $0.hasPrefix(#"{"t": 3.0"#) }!
    lines.insert(#"{"t": 1.0, "evdev": {"device": "USB Mouse", "type": "EV_KEY", "code": "BTN_LEFT", "value": 1}}"#, at: firstPick)
    return lines.joined(separator: "\n")
}

@Suite("Device scripts")
struct DeviceScriptTests {
    @Test func rawDeviceScriptGivesTheReferenceTracePlusOneDroppedEvent() throws {
        let station = try StationLoader.load(directory: Repository.demo1)
        let raw = try rawScript(from: String(contentsOfFile: Repository.demo1 + "/events.jsonl", encoding: .utf8))
        let script = try EventScript.parse(raw, file: "raw.jsonl", station: station)
        let temp = TemporaryDirectory()
        var produced: [String] = []
        _ = try Simulation(station: station, journal: Journal(path: temp.path + "/j.db"), origin: 0).run(script) {
            produced.append(TraceEncoding.line($0))
        }
        let dropped = produced.filter { $0.contains(#""type": "dropped""#) }
        #expect(dropped == [#"{"t": 1.0, "type": "dropped", "source": "evdev", "reason": "unknown device \"USB Mouse\""}"#])
        let expected = try String(contentsOfFile: Repository.demo1 + "/expected-trace.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        let got = try produced.filter { !$0.contains(#""type": "dropped""#) }.map { try JSONParser.parse($0) }
        #expect(got.count == expected.count)
        for (index, (g, e)) in zip(got, expected).enumerated() {
            guard case .object(let a) = g, case .object(let b) = e else { continue }
            let same = Set(a.keys) == Set(b.keys) && a.members.allSatisfy { member in
                switch (member.value, b[member.key]!) {
                case let (.number(x), .number(y)): x.doubleValue == y.doubleValue
                case let (x, y): x == y
                }
            }
            #expect(same, "line \(index + 1)")
        }
    }

    @Test func malformedBoardFramesBecomeDroppedEvents() throws {
        let station = try StationFixture().load()
        var bad = BoardEncoder.encode(BoardFrame(sequence: 0, message: .sensorChange(channel: 1, state: 1, timeMicros: 1)))
        bad[bad.count - 1] ^= 0x55
        let hex = bad.map { String(format: "%02X", $0) }.joined(separator: " ")
        let script = try EventScript.parse("""
            {"t": 0, "board": "\(hex)"}
            {"t": 1, "board": "A5 40 82 00"}
            {"t": 2, "board": "A5 02 42 00 00 01 FF FF"}
            """, file: "s", station: station)
        let temp = TemporaryDirectory()
        var reasons: [String] = []
        _ = try Simulation(station: station, journal: Journal(path: temp.path + "/j.db"), origin: 0).run(script) {
            if case let .dropped(source, reason) = $0.kind, source == .board { reasons.append(reason) }
        }
        #expect(reasons == ["bad frame: bad crc", "bad frame: oversize length 64", "bad frame: bad crc"])
    }
}
