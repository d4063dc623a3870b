/// Builds one JSON object on one line, members in the order they are added.
///
/// Output looks like `{"t": 0.5, "type": "step", "step": "housing"}`: the
/// spacing of the project's contracts, which keeps traces easy to read and diff.
public struct JSONLineBuilder {
    private var text = "{"
    private var empty = true

    public init() {
        text.reserveCapacity(160)
    }

    private mutating func key(_ name: String) {
        if !empty { text += ", " }
        empty = false
        JSONLineBuilder.appendQuoted(name, to: &text)
        text += ": "
    }

    public mutating func add(_ name: String, string value: String) {
        key(name)
        JSONLineBuilder.appendQuoted(value, to: &text)
    }

    public mutating func add(_ name: String, int value: Int) {
        key(name)
        text += String(value)
    }

    public mutating func add(_ name: String, bool value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// Adds a number that is already valid JSON number text.
    public mutating func add(_ name: String, numberLiteral value: String) {
        key(name)
        text += value
    }

    /// Adds a nested object built the same way.
    public mutating func add(_ name: String, object: JSONLineBuilder) {
        key(name)
        text += object.line
    }

    /// Adds an array of objects built the same way: `[{...}, {...}]`.
    public mutating func add(_ name: String, objects: [JSONLineBuilder]) {
        key(name)
        text += "[" + objects.map(\.line).joined(separator: ", ") + "]"
    }

    public mutating func addNull(_ name: String) {
        key(name)
        text += "null"
    }

    /// The finished object, without a line terminator.
    public var line: String { text + "}" }

    /// `json` with `<`, `>` and `&` written as `\u003c`, `\u003e` and
    /// `\u0026`: the same JSON values, but text from outside (a badge id
    /// `<script>`) cannot open a tag should the JSON end up in or be taken
    /// for HTML. Those characters occur only inside strings, so the whole
    /// text can be rewritten.
    public static func htmlSafe(_ json: String) -> String {
        guard json.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") })
        else { return json }
        var out = ""
        out.reserveCapacity(json.utf8.count + 32)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Appends `value` as a JSON string literal (RFC 8259 escaping).
    public static func appendQuoted(_ value: String, to out: inout String) {
        out += "\""
        // Most values (ids, step names) need no escaping: one append.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
