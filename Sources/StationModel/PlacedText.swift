/// A text of the station's files (a step's `text` or `short`, a label, a
/// product name) in one language, and where it is written: checks that need
/// more than the loader has (does it fit on the table?) report there.
public struct PlacedText: Sendable, Equatable {
    public var text: String
    public var language: String
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Field path such as `steps[2].text.nl`.
    public var field: String

    public init(text: String, language: String, file: String, line: Int?, column: Int?, field: String) {
        self.text = text
        self.language = language
        self.file = file
        self.line = line
        self.column = column
        self.field = field
    }

    /// A message about this text at its place.
    public func diagnostic(_ message: String, severity: Diagnostic.Severity = .warning) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, field: field, message: message, severity: severity)
    }
}
