import Foundation

/// The fields of an `application/x-www-form-urlencoded` body or a query
/// string: `+` is a space, `%XX` a byte, the result must be UTF-8. A field
/// given twice counts as malformed, so that no handler and no check read
/// different copies of it.
struct FormFields: Sendable, Equatable {
    enum Malformed: Error, Equatable {
        case encoding(field: String)
        case repeated(field: String)
        case tooMany
    }

    /// More fields than any form here has is an attack, not a form.
    static let fieldLimit = 32

    private(set) var values: [String: String] = [:]

    init() {}

    init(_ text: Substring) throws(Malformed) {
        guard !text.isEmpty else { return }
        let pairs = text.split(separator: "&", omittingEmptySubsequences: true)
        guard pairs.count <= Self.fieldLimit else { throw .tooMany }
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { throw .encoding(field: String(parts[0].prefix(40))) }
            guard let value = parts.count > 1 ? Self.decode(parts[1]) : "" else { throw .encoding(field: name) }
            guard values[name] == nil else { throw .repeated(field: name) }
            values[name] = value
        }
    }

    init(_ text: String?) throws(Malformed) {
        try self.init(Substring(text ?? ""))
    }

    subscript(_ name: String) -> String? { values[name] }

    mutating func remove(_ name: String) { values[name] = nil }

    /// The field, or nil when absent or empty (an empty form field means "not given").
    func given(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// `+` is a space, then Foundation's percent decoding, which refuses a
    /// broken escape and bytes that are not UTF-8.
    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
