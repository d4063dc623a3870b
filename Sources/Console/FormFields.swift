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

    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
