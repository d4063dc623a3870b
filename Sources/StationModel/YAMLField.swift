import Yams

/// Collects the diagnostics of one file.
final class DiagnosticSink {
    let file: String
    private(set) var items: [Diagnostic] = []
    /// Every text per language read from the file, with its place.
    var texts: [PlacedText] = []

    init(file: String) { self.file = file }

    var hasErrors: Bool { items.contains { $0.severity == .error } }

    func report(_ message: String, at mark: Mark?, field: String, severity: Diagnostic.Severity = .error) {
        items.append(Diagnostic(file: file, line: mark?.line, column: mark?.column,
                                field: field, message: message, severity: severity))
    }

    /// An error for the whole file at a place found before composing (1-based).
    func report(_ message: String, line: Int, column: Int) {
        items.append(Diagnostic(file: file, line: line, column: column, field: "", message: message))
    }
}

/// A YAML node with its field path, read strictly.
///
/// Scalars are interpreted from their source text by the type the field
/// expects, never by YAML's tag resolution: `on` is not a boolean, `010` is
/// not octal 8, and a quoted `"12"` is not a number. Every reader reports its
/// own problem and returns nil, so loading continues and all problems surface.
struct YAMLField {
    let node: Node
    let path: String
    let sink: DiagnosticSink

    var mark: Mark? { node.mark }

    func error(_ message: String) { sink.report(message, at: mark, field: path) }
    func warning(_ message: String) { sink.report(message, at: mark, field: path, severity: .warning) }

    func child(_ key: String, _ node: Node) -> YAMLField {
        YAMLField(node: node, path: path.isEmpty ? key : "\(path).\(key)", sink: sink)
    }

    /// Empty plain scalar, `~` or `null`: a key written without a value.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private var found: String {
        switch node {
        case .scalar(let scalar):
            if isNull { return "nothing" }
            return scalar.style == .plain ? "'\(scalar.string)'" : "the quoted string \"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Mappings

    /// A mapping whose keys are fixed field names. Unknown keys and missing
    /// required keys are reported; known keys are returned by name.
    func fields(allowed: [String], required: [String] = []) -> [String: YAMLField]? {
        guard let entries = entries(what: "a mapping with keys \(allowed.joined(separator: ", "))") else { return nil }
        var result: [String: YAMLField] = [:]
        for (key, keyField, value) in entries {
            if allowed.contains(key) {
                result[key] = value
            } else {
                var message = "unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))"
                if let guess = Self.closest(to: key, in: allowed) { message += " (did you mean '\(guess)'?)" }
                keyField.error(message)
            }
        }
        for key in required where result[key] == nil {
            error("missing required key '\(key)'")
        }
        return result
    }

    /// A mapping whose keys are names chosen by the author (inputs, zones),
    /// in file order.
    func entries(what: String = "a mapping", limit: Int = StationLimits.listEntries) -> [(key: String, keyField: YAMLField, value: YAMLField)]? {
        guard case .mapping(let mapping) = node else {
            error("expected \(what), found \(found)")
            return nil
        }
        guard mapping.count <= limit else {
            error("expected \(what) of at most \(limit) entries, found \(mapping.count)")
            return nil
        }
        var result: [(String, YAMLField, YAMLField)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                child("?", keyNode).error("a key must be a plain name")
                continue
            }
            let key = keyScalar.string
            let keyField = child(key, keyNode)
            result.append((key, keyField, child(key, valueNode)))
        }
        return result
    }

    // MARK: Sequences

    func sequence(what: String = "a list", limit: Int = StationLimits.listEntries) -> [YAMLField]? {
        guard case .sequence(let sequence) = node else {
            error("expected \(what), found \(found)")
            return nil
        }
        guard sequence.count <= limit else {
            error("expected \(what) of at most \(limit) entries, found \(sequence.count)")
            return nil
        }
        return sequence.enumerated().map { index, element in
            YAMLField(node: element, path: "\(path)[\(index)]", sink: sink)
        }
    }

    // MARK: Scalars

    private var scalar: Node.Scalar? {
        if case .scalar(let scalar) = node, !isNull { return scalar }
        return nil
    }

    private var plainScalar: String? {
        if let scalar, scalar.style == .plain { return scalar.string }
        return nil
    }

    /// Every string of a station passes here: no control characters but
    /// line breaks (they would reach terminals, CSV cells and file names),
    /// at most `StationLimits.textCharacters` characters.
    func string(what: String = "a string") -> String? {
        guard let scalar else {
            error("expected \(what), found \(found)")
            return nil
        }
        let text = scalar.string
        if let control = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            error("expected \(what) without control characters, found U+\(String(control.value, radix: 16, uppercase: true).leftPadded(to: 4))")
            return nil
        }
        guard text.count <= StationLimits.textCharacters else {
            error("expected \(what) of at most \(StationLimits.textCharacters) characters, found \(text.count)")
            return nil
        }
        return text
    }

    /// A string that must match `pattern` (an identifier, a language code).
    func identifier(_ kind: String, pattern: IdentifierPattern) -> String? {
        guard let text = string(what: kind) else { return nil }
        guard pattern.matches(text) else {
            error("'\(text)' is not a valid \(kind); expected \(pattern.description)")
            return nil
        }
        return text
    }

    func bool() -> Bool? {
        guard let text = plainScalar, let value = ["true": true, "True": true, "TRUE": true,
                                                   "false": false, "False": false, "FALSE": false][text] else {
            error("expected true or false, found \(found)")
            return nil
        }
        return value
    }

    /// A decimal integer without leading zeros (`010` is refused rather than
    /// read as octal 8 or decimal 10), or hexadecimal `0x...` where allowed.
    func integer(in range: ClosedRange<Int>, allowHex: Bool = false) -> Int? {
        let expected = allowHex ? "an integer (decimal or 0x hex)" : "a decimal integer"
        guard let text = plainScalar else {
            error("expected \(expected) between \(range.lowerBound) and \(range.upperBound), found \(found)")
            return nil
        }
        var value: Int?
        var wellFormed = false
        if allowHex, text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2)
            wellFormed = !digits.isEmpty && digits.allSatisfy(\.isHexDigit)
            if wellFormed { value = Int(digits, radix: 16) }
        } else if Self.isDecimalInteger(text) {
            wellFormed = true
            value = Int(text)
        }
        guard let value else {
            // Too many digits for any Int: out of range, not a trap or a wrong number.
            error(wellFormed ? "\(text) is out of range; expected \(range.lowerBound) to \(range.upperBound)"
                             : "expected \(expected), found '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            error("\(text) is out of range; expected \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// A decimal number such as `12`, `0.5` or `-3.25` (no exponent, no
    /// leading zeros, no `.5`, no `.inf`).
    /// A plain decimal number. No station value needs more than a million
    /// (mm up to a kilometre, seconds up to eleven days), so `maximum` bounds
    /// every number, and its negative bounds those without a `minimum`.
    func number(minimum: Double? = nil, exclusiveMinimum: Bool = false, maximum: Double = 1_000_000) -> Double? {
        guard let text = plainScalar else {
            error("expected a number, found \(found)")
            return nil
        }
        var integerPart = Substring(text)
        if integerPart.hasPrefix("-") { integerPart = integerPart.dropFirst() }
        var fraction: Substring = ""
        if let dot = integerPart.firstIndex(of: ".") {
            fraction = integerPart[integerPart.index(after: dot)...]
            integerPart = integerPart[..<dot]
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else {
                error("expected a number, found '\(text)'")
                return nil
            }
        }
        guard Self.isDecimalInteger(String(integerPart)), let value = Double(text) else {
            error("expected a number, found '\(text)'")
            return nil
        }
        if let minimum {
            let tooSmall = exclusiveMinimum ? value <= minimum : value < minimum
            if tooSmall {
                error("\(text) is out of range; expected a number \(exclusiveMinimum ? "greater than" : "of at least") \(Self.format(minimum))")
                return nil
            }
        } else if value < -maximum {
            error("\(text) is out of range; expected a number of at least \(Self.format(-maximum))")
            return nil
        }
        if value > maximum {
            error("\(text) is out of range; expected a number of at most \(Self.format(maximum))")
            return nil
        }
        return value
    }

    /// `[x, y]`
    func point() -> Point? {
        guard let elements = sequence(what: "a point [x, y]") else { return nil }
        guard elements.count == 2 else {
            error("expected a point [x, y] with 2 numbers, found \(elements.count)")
            return nil
        }
        guard let x = elements[0].number(), let y = elements[1].number() else { return nil }
        return Point(x: x, y: y)
    }

    // MARK: Helpers

    private static func isDecimalInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return false }
        return digits == "0" || digits.first != "0"
    }

    /// A number as the user wrote it, near enough: whole numbers without a
    /// decimal point, anything else (fractions, 1e300) as Swift prints it.
    static func format(_ value: Double) -> String {
        guard value.isFinite, value == value.rounded(), abs(value) < 9_007_199_254_740_992 else { return String(value) }
        return String(Int(value))
    }

    /// The allowed key closest to a misspelt one, if it is close enough to be
    /// a plausible typo.
    static func closest(to key: String, in candidates: [String]) -> String? {
        // No typo is that long, and the distance costs length x length.
        guard key.count <= StationLimits.idCharacters else { return nil }
        let scored = candidates.map { ($0, editDistance(key.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, key.count / 3) ? best.0 : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1,
                                 previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The id patterns of the station format.
struct IdentifierPattern: CustomStringConvertible, Sendable {
    let description: String
    let matches: @Sendable (String) -> Bool

    /// `[a-z0-9][a-z0-9-]{0,63}`: station, product, step, input, output and
    /// zone ids. They reach file names, command lines, CSV cells and
    /// terminals, so they never begin with `-` (an option, a formula).
    static let id = IdentifierPattern(description: "lower-case letters, digits and '-' ([a-z0-9-]+), not beginning with '-', at most 64") { text in
        guard let first = text.unicodeScalars.first, first != "-", text.unicodeScalars.count <= StationLimits.idCharacters else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A BCP 47-like language code: `nl`, `en`, `pl`, `tr`, `pt-BR`.
    static let language = IdentifierPattern(description: "a language code such as nl, en, pl or pt-BR") { text in
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count),
              primary.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
            }
        }
    }

    /// Badge ids of workers and supervisors: pseudonymous, printable, no spaces.
    static let badge = IdentifierPattern(description: "a badge id of letters, digits, '-' or '_', beginning with a letter or digit, at most 64") { text in
        guard let first = text.unicodeScalars.first, first != "-", first != "_" else { return false }
        return text.unicodeScalars.count <= StationLimits.idCharacters && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
