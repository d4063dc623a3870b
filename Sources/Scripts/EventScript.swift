import Evdev
import Foundation
import InputMapping
import JSONLines
import LinuxSystem
import Pipeline
import StationEngine
import StationModel

/// An event script (`--events`, JSON Lines), checked against a station
/// before anything runs.
///
/// Each line has `t` (seconds from the start, non-decreasing) and exactly one
/// of `login`, `product`, `input` (with `ok` for tools, `text` for text
/// inputs), `evdev`, `board` or `logout`. `board` and `board_link` lines may
/// name their board with `from` (a station with several boards needs it;
/// without, the station's only board). Blank lines and `#` comments are
/// skipped. Every bad line is reported with its number (the first
/// `maxProblems`, then how many more); a script with any bad line is not run.
///
/// A script file is never held in memory: `load` reads it in chunks and
/// checks every line, and `forEachLine` reads it again, line by line, to run
/// it. The second pass runs exactly the bytes the first one checked (each
/// chunk's hash is compared before its lines are used), so a script that
/// changes in between stops with an error instead of running unchecked
/// lines. It must therefore be a regular file: a pipe or device cannot be
/// read twice, and is refused with a message saying so.
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
    /// What a line feeds the station's pipeline.
    public typealias Action = StationInput

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var file: String
        /// `line N: problem`, in file order, at most `maxProblems`; line 0
        /// is about the whole file (it cannot be read, it changed).
        public var problems: [(line: Int, message: String)]
        /// Bad lines beyond the ones listed.
        public var more = 0

        public init(file: String, problems: [(line: Int, message: String)], more: Int = 0) {
            self.file = file
            self.problems = problems
            self.more = more
        }

        public var description: String {
            var lines = problems.map { $0.line > 0 ? "\(file):\($0.line): error: \($0.message)" : "\(file): error: \($0.message)" }
            if more > 0 { lines.append("\(file): error: and \(more) more bad lines (the first \(problems.count) are shown)") }
            return lines.joined(separator: "\n")
        }
    }

    /// Problems listed before the rest are only counted.
    public static let maxProblems = 50
    /// The longest line, in bytes: a line of an event script is a small object.
    public static let maxLineBytes = 65_536
    /// Bytes read at a time.
    static let chunkBytes = 65_536

    private enum Source: Sendable {
        case memory([Line])
        case file(CheckedFile)
    }

    /// A script file as `load` checked it.
    private struct CheckedFile: Sendable {
        var path: String
        var status: ReadOnlyFile.Status
        var byteCount: Int
        /// One hash per chunk, in order.
        var chunkHashes: [Int]
        var station: Station
    }

    private let source: Source
    /// The lines that do something (not blank, not comments).
    public let count: Int

    public init(lines: [Line]) {
        source = .memory(lines)
        count = lines.count
    }

    private init(file: CheckedFile, count: Int) {
        source = .file(file)
        self.count = count
    }

    /// Every line, collected; for small scripts and tests (`run` streams).
    public var lines: [Line] {
        get throws {
            if case .memory(let lines) = source { return lines }
            var lines: [Line] = []
            try forEachLine { lines.append($0) }
            return lines
        }
    }

    /// Hands out the lines in order. A script from a file is read again, in
    /// bounded memory; it throws `ParseError` when the file can no longer be
    /// read or is no longer the file that was checked, and passes on what
    /// `body` throws.
    public func forEachLine(_ body: (Line) throws -> Void) throws {
        switch source {
        case .memory(let lines):
            for line in lines { try body(line) }
        case .file(let checked):
            try Self.run(checked, body)
        }
    }

    static let actionKeys = ["login", "product", "input", "evdev", "board", "logout", "board_link", "tick"]

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

    /// The script line for anything the pipeline takes, as `parse` reads it
    /// back: how `oss run --record` writes a live session for `oss simulate`.
    /// Device data is written with numbers (type, code) and the device's
    /// whole identity, so the replay maps it exactly as the live run did.
    public static func line(for input: StationInput, at time: Micros) -> String? {
        switch input {
        case .engine(let logical):
            return line(for: logical, at: time)
        case .evdev(let event):
            var device = JSONLineBuilder()
            if let name = event.device.name { device.add("device", string: name) }
            if let phys = event.device.phys { device.add("phys", string: phys) }
            if let vendor = event.device.vendor { device.add("vendor", int: Int(vendor)) }
            if let product = event.device.product { device.add("product", int: Int(product)) }
            device.add("type", int: Int(event.type))
            device.add("code", int: Int(event.code))
            device.add("value", int: Int(event.value))
            var json = JSONLineBuilder()
            json.add("t", numberLiteral: TraceEncoding.seconds(time))
            json.add("evdev", object: device)
            return json.line
        case let .board(name, bytes):
            guard !bytes.isEmpty else { return nil }
            var json = JSONLineBuilder()
            json.add("t", numberLiteral: TraceEncoding.seconds(time))
            json.add("board", string: bytes.map { byte in
                let hex = String(byte, radix: 16, uppercase: true)
                return hex.count == 1 ? "0" + hex : hex
            }.joined(separator: " "))
            addBoardName(name, to: &json)
            return json.line
        case let .boardLink(name, change):
            var json = JSONLineBuilder()
            json.add("t", numberLiteral: TraceEncoding.seconds(time))
            json.add("board_link", string: change.rawValue)
            addBoardName(name, to: &json)
            return json.line
        case .time:
            var json = JSONLineBuilder()
            json.add("t", numberLiteral: TraceEncoding.seconds(time))
            json.add("tick", bool: true)
            return json.line
        }
    }

    /// `from` names a board of its own name; the single board's lines stay as they always were.
    private static func addBoardName(_ name: String, to json: inout JSONLineBuilder) {
        if name != StationBoard.singleName { json.add("from", string: name) }
    }

    // MARK: Reading

    /// Checks the script at `path`, every line, without keeping it.
    public static func load(path: String, station: Station) throws(ParseError) -> EventScript {
        func failed(_ message: String) -> ParseError { ParseError(file: path, problems: [(0, message)]) }
        let file: ReadOnlyFile, status: ReadOnlyFile.Status
        do {
            file = try ReadOnlyFile(path: path)
            status = try file.status()
        } catch {
            throw failed("cannot read the event script: \(error.reason)")
        }
        switch status.kind {
        case .regular: break
        case .directory: throw failed("cannot read the event script: it is a directory")
        default:
            throw failed("the event script must be a regular file, not a \(status.kind == .fifo ? "pipe" : "device or socket"); "
                         + "oss reads it twice (to check it, then to run it), so save it to a file first")
        }
        var checker = LineChecker(station: station)
        var problems: [(line: Int, message: String)] = []
        var more = 0, count = 0
        let read: (bytes: Int, hashes: [Int])
        do {
            read = try scan(file, path: path, checked: nil) { number, bytes in
                switch checker.check(bytes) {
                case .success(let line): if line != nil { count += 1 }
                case .failure(let error):
                    if problems.count < maxProblems { problems.append((number, error.message)) } else { more += 1 }
                }
            }
        } catch let error as ParseError {
            throw error
        } catch {
            throw failed("\(error)")
        }
        guard problems.isEmpty else { throw ParseError(file: path, problems: problems, more: more) }
        let checked = CheckedFile(path: path, status: status, byteCount: read.bytes, chunkHashes: read.hashes, station: station)
        return EventScript(file: checked, count: count)
    }

    /// Parses a script held in memory, with the same checks as `load`.
    public static func parse(_ text: String, file: String, station: Station) throws(ParseError) -> EventScript {
        var checker = LineChecker(station: station)
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        var lines: [Line] = []
        var problems: [(line: Int, message: String)] = []
        var more = 0
        func take(_ number: Int, _ bytes: UnsafeRawBufferPointer?) {
            switch checker.check(bytes) {
            case .success(let line?): lines.append(Line(number: number, time: line.time, action: line.action))
            case .success(nil): break
            case .failure(let error):
                if problems.count < maxProblems { problems.append((number, error.message)) } else { more += 1 }
            }
        }
        var text = text
        text.withUTF8 { splitter.feed(UnsafeRawBufferPointer($0), take) }
        splitter.finish(take)
        guard problems.isEmpty else { throw ParseError(file: file, problems: problems, more: more) }
        return EventScript(lines: lines)
    }

    /// The running pass: the same file, the same bytes, checked again line by line.
    private static func run(_ checked: CheckedFile, _ body: (Line) throws -> Void) throws {
        let path = checked.path
        func failed(_ message: String) -> ParseError { ParseError(file: path, problems: [(0, message)]) }
        let file: ReadOnlyFile
        do {
            file = try ReadOnlyFile(path: path)
            let status = try file.status()
            guard status.device == checked.status.device, status.inode == checked.status.inode else {
                throw failed("the event script was replaced after it was checked; nothing of the new file was run")
            }
        } catch let error as SystemError {
            throw failed("cannot read the event script again: \(error.reason)")
        }
        var checker = LineChecker(station: checked.station)
        let read = try scan(file, path: path, checked: checked) { number, bytes in
            switch checker.check(bytes) {
            case .success(let line?): try body(Line(number: number, time: line.time, action: line.action))
            case .success(nil): break
            case .failure: throw failed("line \(number) changed after the script was checked; the lines before it were run")
            }
        }
        if read.bytes != checked.byteCount {
            throw failed("the event script became shorter after it was checked; the lines before byte \(read.bytes) were run")
        }
    }

    /// Reads `file` in chunks and hands out its lines. With `checked`, reads
    /// no more than was checked and compares each chunk with the check's
    /// hash before any of its lines is used.
    private static func scan(_ file: ReadOnlyFile, path: String, checked: CheckedFile?,
                             _ body: (_ number: Int, _ line: UnsafeRawBufferPointer?) throws -> Void) throws -> (bytes: Int, hashes: [Int]) {
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        var total = 0
        var hashes: [Int] = []
        while true {
            let wanted = checked.map { min(chunkBytes, $0.byteCount - total) } ?? chunkBytes
            if wanted == 0 { break }
            let result = buffer.withUnsafeMutableBytes { bytes in
                Result { () throws(SystemError) in try file.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[..<wanted])) }
            }
            guard case .success(let count) = result else {
                if case .failure(let error) = result {
                    throw ParseError(file: path, problems: [(0, "cannot read the event script: \(error.reason)")])
                }
                break
            }
            if count == 0 { break }
            try buffer.withUnsafeBytes { all in
                let chunk = UnsafeRawBufferPointer(rebasing: all[..<count])
                var hasher = Hasher()
                hasher.combine(bytes: chunk)
                let hash = hasher.finalize()
                if let checked {
                    guard hashes.count < checked.chunkHashes.count, checked.chunkHashes[hashes.count] == hash else {
                        throw ParseError(file: path, problems: [(0, "the event script changed after it was checked (from byte \(total) on); the lines before it were run")])
                    }
                }
                hashes.append(hash)
                total += count
                try splitter.feed(chunk, body)
            }
        }
        try splitter.finish(body)
        return (total, hashes)
    }

    /// Checks lines one at a time, in order: what both passes and `parse` use.
    struct LineChecker {
        let station: Station
        var previousTime: Micros = 0

        /// The line's time and action; nil for a blank line or a comment.
        mutating func check(_ bytes: UnsafeRawBufferPointer?) -> Result<(time: Micros, action: Action)?, LineError> {
            guard let bytes else {
                return .failure(LineError("the line is longer than \(maxLineBytes) bytes; a line is one small JSON object"))
            }
            let content = bytes.last == UInt8(ascii: "\r") ? UnsafeRawBufferPointer(rebasing: bytes.dropLast()) : bytes
            guard let text = String(validating: content, as: UTF8.self) else {
                return .failure(LineError("the line is not valid UTF-8"))
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return .success(nil) }
            do throws(LineError) {
                let object = try EventScript.parseObject(text)
                let time = try EventScript.parseTime(object)
                defer { previousTime = max(previousTime, time) }
                if time < previousTime {
                    throw LineError("t \(TraceEncoding.seconds(time)) is earlier than the previous line's \(TraceEncoding.seconds(previousTime)); times must not decrease")
                }
                return .success((time, try EventScript.parseAction(object, station: station)))
            } catch {
                return .failure(error)
            }
        }
    }

    struct LineError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    fileprivate static func parseObject(_ text: String) throws(LineError) -> JSONObject {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { throw LineError("invalid JSON at column \(error.column): \(error.message)") }
        guard case .object(let object) = value else { throw LineError("expected a JSON object, found \(value.kindName)") }
        let allowed = ["t", "ok", "text", "from"] + actionKeys
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) {
            throw LineError("unknown key \"\(InputText.escaped(unknown))\"; expected t and one of \(actionKeys.joined(separator: ", "))")
        }
        return object
    }

    /// `t` in exact microseconds (decimal seconds rounded to 1 µs).
    fileprivate static func parseTime(_ object: JSONObject) throws(LineError) -> Micros {
        guard let tValue = object["t"] else { throw LineError("missing \"t\" (seconds from the start)") }
        guard case .number(let tNumber) = tValue, tNumber.doubleValue.isFinite, tNumber.doubleValue >= 0,
              tNumber.doubleValue < 1e9 else {
            throw LineError("\"t\" must be a number of seconds from 0 up to (not including) 1000000000, found \(describe(tValue))")
        }
        return Micros((tNumber.doubleValue * 1_000_000).rounded())
    }

    fileprivate static func parseAction(_ object: JSONObject, station: Station) throws(LineError) -> Action {
        let actions = object.keys.filter { actionKeys.contains($0) }
        guard actions.count == 1, let action = actions.first, let argument = object[action] else {
            throw LineError(actions.isEmpty
                ? "expected one of \(actionKeys.joined(separator: ", "))"
                : "expected only one of \(actionKeys.joined(separator: ", ")), found \(actions.joined(separator: " and "))")
        }
        if action != "input", let extra = ["ok", "text"].first(where: { object[$0] != nil }) {
            throw LineError("\"\(extra)\" belongs to an \"input\" line, not to \"\(action)\"")
        }
        if object["from"] != nil, action != "board", action != "board_link" {
            throw LineError("\"from\" belongs to a \"board\" or \"board_link\" line, not to \"\(action)\"")
        }
        let input: EngineInput
        switch action {
        case "evdev":
            return .evdev(try parseEvdev(argument))
        case "board":
            return .board(name: try parseBoardName(object["from"], station: station), bytes: try parseHex(argument))
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
        case "board_link":
            guard case .string(let state) = argument, let change = BoardLinkChange(rawValue: state) else {
                throw LineError("\"board_link\" must be one of \(BoardLinkChange.allCases.map(\.rawValue).joined(separator: ", ")), found \(describe(argument))")
            }
            return .boardLink(name: try parseBoardName(object["from"], station: station), change: change)
        case "tick":
            guard argument == .bool(true) else { throw LineError("\"tick\" must be true, found \(describe(argument))") }
            return .time
        default:
            input = try parseInput(argument, object: object, station: station)
        }
        return .engine(input)
    }

    /// The board a `from` names, or without one the station's only board
    /// (`board` for a station without any, whose board data is dropped).
    private static func parseBoardName(_ from: JSONValue?, station: Station) throws(LineError) -> String {
        let names = station.boards.isEmpty ? [StationBoard.singleName] : station.boards.map(\.name)
        guard let from else {
            guard names.count == 1 else {
                throw LineError("the station has several boards; expected \"from\" naming one of \(names.joined(separator: ", "))")
            }
            return names[0]
        }
        guard case .string(let name) = from, names.contains(name) else {
            throw LineError("\"from\" must name a board of the station, one of \(names.joined(separator: ", ")), found \(describe(from))")
        }
        return name
    }

    /// `{"device": "Station Buttons", "type": "EV_KEY", "code": "BTN_0", "value": 1}`, with
    /// optional `phys`, `vendor` and `product`; `type` and `code` by name or number.
    private static func parseEvdev(_ argument: JSONValue) throws(LineError) -> EvdevEvent {
        guard case .object(let fields) = argument else {
            throw LineError("\"evdev\" must be an object with device, type, code and value, found \(describe(argument))")
        }
        let allowed = ["device", "phys", "vendor", "product", "type", "code", "value"]
        if let unknown = fields.keys.first(where: { !allowed.contains($0) }) {
            throw LineError("unknown key \"\(InputText.escaped(unknown))\" in \"evdev\"; expected \(allowed.joined(separator: ", "))")
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
        func number(_ key: String) throws(LineError) -> UInt16? {
            guard let value = fields[key] else { throw LineError("evdev needs \"\(key)\"") }
            if case .string = value { return nil }
            return UInt16(try integer(key, 0...0xFFFF)!)
        }
        let device = EvdevDeviceIdentity(name: try text("device"), phys: try text("phys"),
                                         vendor: try integer("vendor", 0...0xFFFF).map(UInt16.init),
                                         product: try integer("product", 0...0xFFFF).map(UInt16.init))
        guard device.name != nil || device.phys != nil || device.vendor != nil else {
            throw LineError("evdev needs \"device\" (the device's name), \"phys\" or \"vendor\"")
        }
        // Names from libevdev's tables: every name of linux/input-event-codes.h.
        let type: UInt16
        if let given = try number("type") {
            type = given
        } else {
            let name = try text("type")!
            guard let named = EvdevNames.type(named: name) else {
                throw LineError("evdev \"type\" \"\(InputText.escaped(name))\" is not an event type of linux/input-event-codes.h (EV_KEY, EV_REL, ...) or a number")
            }
            type = named
        }
        let codeValue: UInt16
        if let given = try number("code") {
            codeValue = given
        } else {
            let name = try text("code")!
            guard let named = EvdevNames.code(named: name, type: type) else {
                let typeName = EvdevNames.typeName(type) ?? "type \(type)"
                if let other = EvdevNames.type(ofCodeNamed: name), let otherName = EvdevNames.typeName(other) {
                    throw LineError("evdev \"code\" \"\(name)\" is a code of \(otherName), not of \(typeName)")
                }
                throw LineError("evdev \"code\" \"\(InputText.escaped(name))\" is not a code of \(typeName) in linux/input-event-codes.h, or a number")
            }
            codeValue = named
        }
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
            throw LineError("\"board\" must be pairs of hex digits such as \"A5 01 01 00 01 65 D5\", found \"\(InputText.escaped(text))\"")
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
            throw LineError("unknown input \"\(InputText.escaped(name))\"; station \(station.id) has: \(station.inputs.map(\.name).joined(separator: ", "))")
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
        case .string(let s): "\"\(InputText.escaped(String(s.prefix(60))))\"" + (s.count > 60 ? "..." : "")
        case .number(let n): n.literal.count > 60 ? String(n.literal.prefix(60)) + "..." : n.literal
        case .bool(let b): String(b)
        default: value.kindName
        }
    }
}
