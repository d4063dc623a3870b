import StationEngine
import StationModel

/// Turns evdev events into the station's logical inputs, the same way for
/// live devices and for `evdev` lines of event scripts.
///
/// - A key press (value 1) of a key an input names fires that input.
///   Releases (0) and autorepeat (2) are ignored.
/// - A `text: true` device is a keyboard wedge (badge reader, barcode
///   scanner) with a US layout: letters (upper case while a shift key is
///   down), digits, `-` and a few symbols build a text that KEY_ENTER ends.
///   A text is at most `InputText.maxScanLength` characters; a longer one, or
///   one typed with a key that types no character, is dropped as `bad text`.
/// - Framing is never dropped: EV_SYN (but SYN_DROPPED) and EV_MSC MSC_SCAN,
///   which keyboards send around every key.
/// - Any other event is dropped (source evdev) when no input uses it:
///   `unknown device ...` from a device no input names, `unmapped code ...`
///   for a code of a named device that no input uses (a key no input names,
///   a mouse's REL_X, a key that types nothing on a wedge).
/// - SYN_DROPPED means events were lost: the text up to the next Enter, or
///   up to a pause of `quietAfterLoss` (its Enter may be lost too), is
///   dropped as `bad text`: its start may be among the lost events.
public struct EvdevMapper: Sendable {
    public enum Output: Equatable, Sendable {
        case input(EngineInput)
        case dropped(reason: String)
    }

    private struct KeyInput: Sendable { var name: String; var source: EvdevSource; var code: UInt16 }
    private struct TextInput: Sendable { var name: String; var source: EvdevSource }
    private struct Typing: Sendable {
        var text = ""
        var length = 0
        var shift = false
        /// Why the text being typed cannot be used (too long, a key that types nothing).
        var spoiled: String?
        /// After lost events (SYN_DROPPED): when the last key of the
        /// unusable text came. A pause of `quietAfterLoss` means that text
        /// has ended, even though its Enter was among the lost events.
        var lossSeenAt: Micros?
    }

    /// A keyboard-wedge reader types a whole code within milliseconds; this
    /// long without a key, the text broken by lost events is over.
    public static let quietAfterLoss: Micros = 200_000

    private let keyInputs: [KeyInput]
    private let textInputs: [TextInput]
    private var typing: [EvdevDeviceIdentity: Typing] = [:]
    private let describe: @Sendable (_ type: UInt16, _ code: UInt16) -> String

    /// `describe` names a type and code in messages (`EV_REL REL_X`); the
    /// runtime passes libevdev's names (`EvdevNames.describe`).
    public init(station: Station, describe: @escaping @Sendable (_ type: UInt16, _ code: UInt16) -> String) {
        var keys: [KeyInput] = [], texts: [TextInput] = []
        for input in station.inputs {
            guard case .evdev(let source) = input.source else { continue }
            switch source.delivery {
            case .key(_, let code): keys.append(KeyInput(name: input.name, source: source, code: code))
            case .text: texts.append(TextInput(name: input.name, source: source))
            }
        }
        keyInputs = keys
        textInputs = texts
        self.describe = describe
    }

    /// Messages name types and codes by number.
    public init(station: Station) {
        self.init(station: station, describe: EvdevMapper.numbers)
    }

    @Sendable public static func numbers(type: UInt16, code: UInt16) -> String { "type \(type) code \(code)" }

    /// Whether a station input names this device.
    public func serves(_ device: EvdevDeviceIdentity) -> Bool {
        keyInputs.contains { Self.matches($0.source, device) } || textInputs.contains { Self.matches($0.source, device) }
    }

    /// The station inputs a device would serve, for `oss devices`.
    public func inputs(servedBy device: EvdevDeviceIdentity) -> [String] {
        keyInputs.filter { Self.matches($0.source, device) }.map(\.name) + textInputs.filter { Self.matches($0.source, device) }.map(\.name)
    }

    /// Every criterion the input gives must match what the device reports;
    /// at least one must be compared.
    static func matches(_ source: EvdevSource, _ device: EvdevDeviceIdentity) -> Bool {
        var compared = false
        func check<T: Equatable>(_ wanted: T?, _ actual: T?) -> Bool {
            guard let wanted, let actual else { return true }
            compared = true
            return wanted == actual
        }
        let ok = check(source.device, device.name) && check(source.phys, device.phys)
            && check(source.vendor, device.vendor) && check(source.product, device.product)
        return ok && compared
    }

    /// Events that only frame others, from any device.
    static func isFraming(_ event: EvdevEvent) -> Bool {
        (event.type == EvdevCodes.evSyn && event.code != EvdevCodes.synDropped)
            || (event.type == EvdevCodes.evMsc && event.code == EvdevCodes.mscScan)
    }

    /// Maps one event read at `time` (µs, any monotonic clock; nil when
    /// unknown: then a text broken by lost events ends only at an Enter).
    public mutating func map(_ event: EvdevEvent, at time: Micros? = nil) -> Output? {
        if Self.isFraming(event) { return nil }
        guard serves(event.device) else {
            return .dropped(reason: "unknown device \(event.device)")
        }
        if event.type == EvdevCodes.evSyn {  // SYN_DROPPED
            // Lost events may hold the start of a text: everything up to the
            // next Enter is unusable, or "W8" could arrive as worker "8".
            typing[event.device] = Typing(spoiled: "events were lost (SYN_DROPPED) while it was typed", lossSeenAt: time)
            return .dropped(reason: "events lost on \(event.device) (SYN_DROPPED)")
        }
        guard event.type == EvdevCodes.evKey else { return unmapped(event) }
        if let key = keyInputs.first(where: { $0.code == event.code && Self.matches($0.source, event.device) }) {
            return event.value == 1 ? .input(.input(key.name, .press)) : nil
        }
        guard let text = textInputs.first(where: { Self.matches($0.source, event.device) }) else { return unmapped(event) }
        var state = typing[event.device] ?? Typing()
        defer { typing[event.device] = state }
        if let seen = state.lossSeenAt, let time {
            // A pause after lost events: the broken text is over, a new one begins.
            if time - seen >= Self.quietAfterLoss { state = Typing(shift: state.shift) } else { state.lossSeenAt = time }
        }
        if Keyboard.shiftKeys.contains(event.code) {
            if event.value != 2 { state.shift = event.value == 1 }
            return nil
        }
        if Keyboard.enterKeys.contains(event.code) {
            guard event.value == 1 else { return nil }
            let finished = state
            state = Typing(shift: state.shift)
            if let spoiled = finished.spoiled {
                return .dropped(reason: "bad text for input \"\(InputText.escaped(text.name))\": \(spoiled)")
            }
            return finished.text.isEmpty ? nil : .input(.input(text.name, .text(finished.text)))
        }
        guard let character = Keyboard.character(for: event.code, shift: state.shift) else {
            if event.value == 1, state.spoiled == nil { state.spoiled = "typed with \(describe(event.type, event.code)), which types no character" }
            return unmapped(event)
        }
        guard event.value == 1 else { return nil }
        // Bounded: a reader that never sends Enter cannot grow the text without end.
        if state.length < InputText.maxScanLength {
            state.text.append(character)
            state.length += 1
        } else if state.spoiled == nil {
            state.spoiled = "longer than \(InputText.maxScanLength) characters"
        }
        return nil
    }

    private func unmapped(_ event: EvdevEvent) -> Output {
        .dropped(reason: "unmapped code \(describe(event.type, event.code)) on \(event.device)")
    }
}

/// A US keyboard layout, for keyboard-wedge readers.
enum Keyboard {
    static let shiftKeys: Set<UInt16> = [42, 54]  // KEY_LEFTSHIFT, KEY_RIGHTSHIFT
    static let enterKeys: Set<UInt16> = [28, 96]  // KEY_ENTER, KEY_KPENTER

    private static let letters: [UInt16: Character] = {
        var table: [UInt16: Character] = [:]
        for (name, code) in LinuxKeyCodes.byName where name.count == 5 && name.hasPrefix("KEY_") {
            let letter = name.last!
            if letter.isLetter { table[code] = Character(letter.lowercased()) }
        }
        return table
    }()

    // KEY_1...KEY_0 are 2...11.
    private static let digits: [UInt16: (Character, Character)] = [
        2: ("1", "!"), 3: ("2", "@"), 4: ("3", "#"), 5: ("4", "$"), 6: ("5", "%"), 7: ("6", "^"), 8: ("7", "&"),
        9: ("8", "*"), 10: ("9", "("), 11: ("0", ")"),
    ]
    private static let symbols: [UInt16: (Character, Character)] = [
        12: ("-", "_"), 13: ("=", "+"), 26: ("[", "{"), 27: ("]", "}"), 39: (";", ":"), 40: ("'", "\""),
        41: ("`", "~"), 43: ("\\", "|"), 51: (",", "<"), 52: (".", ">"), 53: ("/", "?"), 57: (" ", " "),
    ]
    // KEY_KP7... keypad digits.
    private static let keypad: [UInt16: Character] = [
        71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1", 80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/",
    ]

    /// The key and shift state that type `character`: what a wedge reader
    /// sends, for emulated readers in benchmarks and tests.
    static func keystroke(typing character: Character) -> (code: UInt16, shift: Bool)? {
        if let code = letters.first(where: { $0.value == character })?.key { return (code, false) }
        if let code = letters.first(where: { Character($0.value.uppercased()) == character })?.key { return (code, true) }
        for table in [digits, symbols] {
            if let code = table.first(where: { $0.value.0 == character })?.key { return (code, false) }
            if let code = table.first(where: { $0.value.1 == character })?.key { return (code, true) }
        }
        return nil
    }

    static func character(for code: UInt16, shift: Bool) -> Character? {
        if let letter = letters[code] { return shift ? Character(letter.uppercased()) : letter }
        if let pair = digits[code] ?? symbols[code] { return shift ? pair.1 : pair.0 }
        return keypad[code]
    }
}

/// Key events a US-layout keyboard-wedge reader sends for a text.
public enum KeyboardWedge {
    /// Press and release for each character (with left shift around capitals
    /// and shifted symbols), then Enter; nil if a character cannot be typed.
    public static func events(typing text: String, device: EvdevDeviceIdentity) -> [EvdevEvent]? {
        let shift: UInt16 = 42, enter: UInt16 = 28
        var events: [EvdevEvent] = []
        func key(_ code: UInt16, _ value: Int32) {
            events.append(EvdevEvent(device: device, type: EvdevCodes.evKey, code: code, value: value))
            events.append(EvdevEvent(device: device, type: EvdevCodes.evSyn, code: 0, value: 0))
        }
        for character in text {
            guard let stroke = Keyboard.keystroke(typing: character) else { return nil }
            if stroke.shift { key(shift, 1) }
            key(stroke.code, 1)
            key(stroke.code, 0)
            if stroke.shift { key(shift, 0) }
        }
        key(enter, 1)
        key(enter, 0)
        return events
    }
}
