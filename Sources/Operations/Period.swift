import Journal

/// The cycles an operation selects by start time: `since` inclusive,
/// `until` exclusive; a date alone means midnight UTC. It keeps the text
/// as given, for the audit row.
public struct Period: Sendable, Equatable {
    /// µs since the epoch, inclusive.
    public let since: Int64?
    /// µs since the epoch, exclusive.
    public let until: Int64?
    /// The times as given, e.g. `2026-03-02`.
    public let sinceText: String?
    public let untilText: String?

    /// Every cycle.
    public static let always = Period(since: nil, until: nil, sinceText: nil, untilText: nil)

    private init(since: Int64?, until: Int64?, sinceText: String?, untilText: String?) {
        self.since = since
        self.until = until
        self.sinceText = sinceText
        self.untilText = untilText
    }

    /// Reads `since` and `until` (`YYYY-MM-DD` or ISO 8601 UTC). An empty
    /// period is refused rather than answered with nothing.
    public init(since sinceText: String?, until untilText: String?) throws(OperationError) {
        let since = try Self.time(sinceText, .since), until = try Self.time(untilText, .until)
        if let sinceText, let untilText, let since, let until, until <= since {
            throw .emptyPeriod(since: sinceText, until: untilText)
        }
        self.init(since: since, until: until, sinceText: sinceText, untilText: untilText)
    }

    private static func time(_ text: String?, _ field: OperationError.Field) throws(OperationError) -> Int64? {
        guard let text else { return nil }
        guard let value = UTCTime.parse(text) else { throw .invalidTime(field, text) }
        return value
    }

    /// `since=… until=…` for the audit row, only what was given.
    var auditParts: [String] {
        [sinceText.map { "since=\($0)" }, untilText.map { "until=\($0)" }].compactMap { $0 }
    }
}
