import Foundation

/// A `match:` regular expression (ICU syntax, as NSRegularExpression).
/// A text matches when the pattern is found in it; anchor with `^...$` to
/// require the whole text.
public struct TextPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe.
    public let source: String
    private let expression: NSRegularExpression

    public init(_ source: String) throws {
        self.source = source
        expression = try NSRegularExpression(pattern: source)
    }

    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
