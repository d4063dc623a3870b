/// The work instructions for assembling one product at a station.
public struct Product: Sendable {
    public var id: String
    public var name: LocalizedText
    /// Norm time per unit, in microseconds: the base of productivity figures.
    public var normTime: Int64
    public var steps: [Step]
}

/// One instruction and what completes it.
public struct Step: Sendable {
    public var id: String
    public var text: LocalizedText
    /// Shown at instruction level 2.
    public var short: LocalizedText?
    /// Path relative to the station folder, shown at level 1.
    public var image: String?
    public var show: [String]
    public var light: [String]
    public var done: DoneCondition
    public var wrong: [String]
    /// Slower than this is logged as `slow`, in microseconds.
    public var maxDuration: Int64?
    public var clear: ClearMode
}

public struct DoneCondition: Sendable {
    public var input: String
    /// Required tool result, where given.
    public var ok: Bool?
    public var count: Int
    public var match: TextPattern?
}

/// How an error on a step is cleared.
public enum ClearMode: String, Sendable, CaseIterable {
    case acknowledge, auto, supervisor
}

/// Texts per language code, e.g. `nl`, `en`, `pl`.
public struct LocalizedText: Sendable, Equatable {
    public var texts: [String: String]

    public init(_ texts: [String: String]) { self.texts = texts }

    /// The text in `language`, else in `fallback`, else any text.
    public func text(in language: String, fallback: String) -> String {
        texts[language] ?? texts[fallback] ?? texts.keys.sorted().first.flatMap { texts[$0] } ?? ""
    }
}
