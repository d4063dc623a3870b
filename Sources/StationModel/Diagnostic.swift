/// One problem found in a station or product file: where it is and what was
/// expected, formatted like a compiler message so editors can jump to it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var line: Int?
    public var column: Int?
    /// Field path such as `steps[2].done.input`; empty for the whole file.
    public var field: String
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int?, column: Int?, field: String, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.severity = severity
    }

    /// `file:line:column: error: field: message`, safe to print: control
    /// characters from the files (or their names) are shown escaped, and a
    /// message echoing a huge value is cut short.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        let subject = field.isEmpty ? "" : "\(field): "
        var text = message
        if text.count > Self.maximumMessageCharacters { text = text.prefix(Self.maximumMessageCharacters) + "…" }
        return Self.printable("\(location): \(severity.rawValue): \(subject)\(text)")
    }

    static let maximumMessageCharacters = 500

    /// `text` with every control character (C0, DEL, C1: escape sequences,
    /// carriage returns, line breaks) and bidirectional override written as
    /// `\u{1B}`, so that nothing from a file can move the cursor, recolour,
    /// rewrite or reorder a terminal line.
    public static func printable(_ text: String) -> String {
        func unsafe(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
        }
        guard text.unicodeScalars.contains(where: unsafe) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if unsafe(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// Thrown by the loader when a station has at least one error.
public struct StationLoadError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
