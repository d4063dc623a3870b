/// How one paragraph of the panel was set.
public struct ParagraphFit: Sendable, Equatable {
    public var text: String
    /// The size it was drawn at, after shrinking towards the minimum.
    public var size: Int
    public var minimumSize: Int
    public var lines: [String]
    /// Lines that did not fit above the panel's bottom and were left out.
    public var linesLeftOut: Int
    /// Words broken between characters (no hyphenation point fitted), once per break.
    public var forcedWords: [String]
    public var forcedBreaks: Int { forcedWords.count }

    public init(text: String, size: Int, minimumSize: Int, lines: [String], linesLeftOut: Int, forcedWords: [String]) {
        self.text = text
        self.size = size
        self.minimumSize = minimumSize
        self.lines = lines
        self.linesLeftOut = linesLeftOut
        self.forcedWords = forcedWords
    }

    /// Drawn whole, breaking words only at hyphenation points.
    public var fits: Bool { linesLeftOut == 0 && forcedBreaks == 0 }
}
