import StationEngine

/// Worker and product ids typed by people: the rule every badge id follows
/// (`InputText`), and no leading `-` (which a command line reads as an
/// option). Checked before an operation touches the journal.
public enum Identifier {
    public static func check(_ id: String, _ field: OperationError.Field) throws(OperationError) {
        if let problem = InputText.problem(in: id, kind: .badge) ?? (id.hasPrefix("-") ? "starts with '-'" : nil) {
            throw .invalidID(field, id, problem: problem)
        }
    }

    public static func check(_ id: String?, _ field: OperationError.Field) throws(OperationError) {
        if let id { try check(id, field) }
    }

    /// One line of at most `limit` characters, without control characters.
    static func isOneLine(_ text: String, limit: Int) -> Bool {
        text.count <= limit && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
