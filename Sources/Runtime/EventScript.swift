import Foundation
import InputMapping
import JSONLines
import StationEngine
import StationModel

/// An event script (`--events`, JSON Lines), parsed and checked against a
/// station before anything runs.
///
/// Each line has `t` (seconds from the start, non-decreasing) and exactly one
/// of `login`, `product`, `input` (with `ok` for tools, `text` for text
/// inputs), `evdev`, `board` or `logout`. Blank lines and `#` comments are
/// skipped. Every bad line is reported with its number; a script with any bad
/// line is not run.
public struct EventScript: Sendable {
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var time: Micros
        public var action: Action

        public init(number: Int, time: Micros, action: Action) {
            self.number = number
            self.time = time
            self.action = action
        }
    }

    /// What a line does: a logical event, or raw device data that goes
    /// through the same mapping and decoding as live mode.
    public enum Action: Sendable, Equatable {
        case engine(EngineInput)
        case evdev(EvdevEvent)
        /// The bytes of one USB transfer from the station board.
        case board([UInt8])
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var file: String
        /// `line N: problem`, in file order.
        public var problems: [(line: Int, message: String)]
        public var description: String {
            problems.map { "\(file):\($0.line): error: \($0.message)" }.joined(separator: "\n")
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    static let actionKeys = ["login", "product", "input", "evdev", "board", "logout"]

    /// The script line for a logical input at `time` (µs), as `parse` reads
    /// it back; nil for what scripts cannot say (device on/offline).
    public static func line(for input: EngineInput, at time: Micros) -> String? {
        var json = JSONLineBuilder()
        json.add("t", numberLiteral: TraceEncoding.seconds(time))
        switch input {
        case .badge(let badge): json.add("login", string: badge)
        case .product(let product): json.add("product", string: product)
        case .logout: json.add("logout", bool: true)
        case let .input(name, value):
            json.add("input", string: name)
            switch value {
            case .press: break
            case .tool(let ok): json.add("ok", bool: ok)
            case .text(let text): json.add("text", string: text)
            }
        case .deviceOffline, .deviceOnline:
            return nil
        }
        return json.line
    }

    /// Reads and parses the script at `path`.
    public static func load(path: String, station: Station) throws -> EventScript {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(file: path, problems: [(0, "cannot read the event script")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ParseError(file: path, problems: [(0, "the event script is not valid UTF-8")])
        }
        return try parse(text, file: path, station: station)
    }

    public static func parse(_ text: String, file: String, station: Station) throws(ParseError) -> EventScript {
        var lines: [Line] = []
        var problems: [(Int, String)] = []
        var previousTime: Micros = 0
        var number = 0
        // Split on the byte: "\r\n" is one Character, so a Character split would miss CRLF lines.
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let raw = Substring(bytes)
            number += 1
            let content = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do throws(LineError) {
                let object = try parseObject(String(content))
                let time = try parseTime(object)
                defer { previousTime = max(previousTime, time) }
                if time < previousTime {
                    throw LineError("t \(TraceEncoding.seconds(time)) is earlier than the previous line's \(TraceEncoding.seconds(previousTime)); times must not decrease")
                }
                lines.append(Line(number: number, time: time, action: try parseAction(object, station: station)))
            } catch {
                problems.append((number, error.message))
            }
        }
        guard problems.isEmpty else { throw ParseError(file: file, problems: problems) }
        return EventScript(lines: lines)
    }

    struct LineError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private static func parseObject(_ text: String) throws(LineError) -> JSONObject {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { throw LineError("invalid JSON at column \(error.column): \(error.message)") }
        guard case .object(let object) = value else { throw LineError("expected a JSON object, found \(value.kindName)") }
        let allowed = ["t", "ok", "text"] + actionKeys
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) {
            throw LineError("unknown key \"\(unknown)\"; expected t and one of \(actionKeys.joined(separator: ", "))")
        }
        return object
    }

    /// `t` in exact microseconds (decimal seconds rounded to 1 µs).
    private static func parseTime(_ object: JSONObject) throws(LineError) -> Micros {
        guard let tValue = object["t"] else { throw LineError("missing \"t\" (seconds from the start)") }
        guard case .number(let tNumber) = tValue, tNumber.doubleValue.isFinite, tNumber.doubleValue >= 0,
              tNumber.doubleValue < 1e9 else {
            throw LineError("\"t\" must be a number of seconds, at least 0, found \(describe(tValue))")
        }
        return Micros((tNumber.doubleValue * 1_000_000).rounded())
    }

    private static func parseAction(_ object: JSONObject, station: Station) throws(LineError) -> Action {
        let actions = object.keys.filter { actionKeys.contains($0) }
        guard actions.count == 1, let action = actions.first, let argument = object[action] else {
            throw LineError(actions.isEmpty
                ? "expected one of \(actionKeys.joined(separator: ", "))"
                : "expected only one of \(actionKeys.joined(separator: ", ")), found \(actions.joined(separator: " and "))")
        }
        if action != "input", let extra = ["ok", "text"].first(where: { object[$0] != nil }) {
            throw LineError("\"\(extra)\" belongs to an \"input\" line, not to \"\(action)\"")
        }
        let input: EngineInput
        switch action {
        case "evdev":
            return .evdev(try parseEvdev(argument))
        case "board":
            return .board(try parseHex(argument))
        case "login":
            guard case .string(let badge) = argument, !badge.isEmpty else {
                throw LineError("\"login\" must be a non-empty badge id, found \(describe(argument))")
            }
            input = .badge(badge)
        case "product":
            guard case .string(let product) = argument, !product.isEmpty else {
                throw LineError("\"product\" must be a product id, found \(describe(argument))")
            }
            input = .product(product)
        case "logout":
            guard argument == .bool(true) else { throw LineError("\"logout\" must be true, found \(describe(argument))") }
            input = .logout
        default:
            input = try parseInput(argument, object: object, station: station)
        }
        return .engine(input)
    }

    /// `{"device": "Station Buttons", "type": "EV_KEY", "code": "BTN_0", "value": 1}`, with
    /// optional `phys`, `vendor` and `product`; `type` and `code` by name or number.
    private static func parseEvdev(_ argument: JSONValue) throws(LineError) -> EvdevEvent {
        guard case .object(let fields) = argument else {
            throw LineError("\"evdev\" must be an object with device, type, code and value, found \(describe(argument))")
        }
        let allowed = ["device", "phys", "vendor", "product", "type", "code", "value"]
        if let unknown = fields.keys.first(where: { !allowed.contains($0) }) {
            throw LineError("unknown key \"\(unknown)\" in \"evdev\"; expected \(allowed.joined(separator: ", "))")
        }
        func text(_ key: String) throws(LineError) -> String? {
            guard let value = fields[key] else { return nil }
            guard case .string(let string) = value else { throw LineError("evdev \"\(key)\" must be a string, found \(describe(value))") }
            return string
        }
        func integer(_ key: String, _ range: ClosedRange<Int64>) throws(LineError) -> Int64? {
            guard let value = fields[key] else { return nil }
            guard case .number(let number) = value, let int = Int64(number.literal), range.contains(int) else {
                throw LineError("evdev \"\(key)\" must be an integer from \(range.lowerBound) to \(range.upperBound), found \(describe(value))")
            }
            return int
        }
        func code(_ key: String, names: [String: UInt16]) throws(LineError) -> UInt16 {
            guard let value = fields[key] else { throw LineError("evdev needs \"\(key)\"") }
            if case .string(let name) = value {
                guard let code = names[name] else { throw LineError("evdev \"\(key)\" \"\(name)\" is not a known name") }
                return code
            }
            return UInt16(try integer(key, 0...0xFFFF)!)
        }
        let device = EvdevDeviceIdentity(name: try text("device"), phys: try text("phys"),
                                         vendor: try integer("vendor", 0...0xFFFF).map(UInt16.init),
                                         product: try integer("product", 0...0xFFFF).map(UInt16.init))
        guard device.name != nil || device.phys != nil || device.vendor != nil else {
            throw LineError("evdev needs \"device\" (the device's name), \"phys\" or \"vendor\"")
        }
        let type = try code("type", names: EvdevCodes.types)
        let codeNames: [String: UInt16] = switch type {
        case EvdevCodes.evSyn: EvdevCodes.synCodes
        case 4: EvdevCodes.mscCodes
        default: LinuxKeyCodes.byName
        }
        let codeValue = try code("code", names: codeNames)
        guard let value = try integer("value", Int64(Int32.min)...Int64(Int32.max)) else { throw LineError("evdev needs \"value\"") }
        return EvdevEvent(device: device, type: type, code: codeValue, value: Int32(value))
    }

    /// Hex bytes, with or without spaces: `"A5 01 01 00 01 65 D5"`.
    private static func parseHex(_ argument: JSONValue) throws(LineError) -> [UInt8] {
        guard case .string(let text) = argument else {
            throw LineError("\"board\" must be a string of hex bytes, found \(describe(argument))")
        }
        let digits = text.filter { !$0.isWhitespace }
        guard !digits.isEmpty, digits.count % 2 == 0, digits.allSatisfy(\.isHexDigit) else {
            throw LineError("\"board\" must be pairs of hex digits such as \"A5 01 01 00 01 65 D5\", found \"\(text)\"")
        }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            bytes.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    private static func parseInput(_ argument: JSONValue, object: JSONObject, station: Station) throws(LineError) -> EngineInput {
        guard case .string(let name) = argument else {
            throw LineError("\"input\" must be an input name, found \(describe(argument))")
        }
        guard let definition = station.input(named: name) else {
            throw LineError("unknown input \"\(name)\"; station \(station.id) has: \(station.inputs.map(\.name).joined(separator: ", "))")
        }
        let ok = object["ok"], text = object["text"]
        switch definition.kind {
        case .tool:
            if text != nil { throw LineError("\"text\" does not apply to tool input \"\(name)\"") }
            guard case .bool(let result)? = ok else {
                throw LineError("tool input \"\(name)\" needs \"ok\": true or false, found \(ok.map(describe) ?? "nothing")")
            }
            return .input(name, .tool(ok: result))
        case .text:
            if ok != nil { throw LineError("\"ok\" does not apply to text input \"\(name)\"") }
            guard case .string(let value)? = text else {
                throw LineError("text input \"\(name)\" needs \"text\": a string, found \(text.map(describe) ?? "nothing")")
            }
            return .input(name, .text(value))
        case .button, .sensor:
            if let extra = ok != nil ? "ok" : text != nil ? "text" : nil {
                throw LineError("\"\(extra)\" does not apply to \(definition.kind) input \"\(name)\"")
            }
            return .input(name, .press)
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): "\"\(s)\""
        case .number(let n): n.literal
        case .bool(let b): String(b)
        default: value.kindName
        }
    }
}
