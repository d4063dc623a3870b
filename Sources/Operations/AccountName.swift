/// A console account's name, checked: `^[a-z][a-z0-9._-]{1,31}$`. ASCII
/// only, so that no two names look alike and none carries markup or SQL.
public struct AccountName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) throws(OperationError) {
        guard Self.isValid(text) else { throw .invalidAccountName(text) }
        self.text = text
    }

    public var description: String { text }

    public static func < (left: AccountName, right: AccountName) -> Bool { left.text < right.text }

    /// The rule in words, for messages.
    public static let rule = "2 to 32 characters: a lowercase letter a-z first, then lowercase letters, digits, '.', '_' or '-'"

    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (2...32).contains(bytes.count), let first = bytes.first, isLetter(first) else { return false }
        return bytes.dropFirst().allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
