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

    /// `text` safe for a terminal (see `PrintableText`).
    public static func printable(_ text: String) -> String { PrintableText.escaped(text) }
}

/// Thrown by the loader when a station has at least one error.
public struct StationLoadError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
