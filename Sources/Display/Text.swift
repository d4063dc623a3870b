/// One rasterised glyph: an 8-bit coverage bitmap and its placement.
public struct Glyph: Sendable {
    public var width: Int
    public var height: Int
    /// From the pen position to the bitmap's left edge.
    public var left: Int
    /// From the baseline up to the bitmap's top edge.
    public var top: Int
    /// Pen advance in pixels.
    public var advance: Int
    /// `width × height` coverage values, row-major.
    public var coverage: [UInt8]

    public init(width: Int, height: Int, left: Int, top: Int, advance: Int, coverage: [UInt8]) {
        self.width = width
        self.height = height
        self.left = left
        self.top = top
        self.advance = advance
        self.coverage = coverage
    }
}

public struct FontMetrics: Sendable, Equatable {
    public var ascender: Int
    public var lineHeight: Int

    public init(ascender: Int, lineHeight: Int) {
        self.ascender = ascender
        self.lineHeight = lineHeight
    }
}

/// Where glyphs come from (FreeType in the product). The renderer only
/// needs bitmaps and metrics, which keeps it free of C libraries.
public protocol GlyphSource: AnyObject {
    func glyph(for scalar: Unicode.Scalar, size: Int) -> Glyph?
    func metrics(size: Int) -> FontMetrics
}

/// The regular and the bold face.
public struct Fonts {
    public var regular: any GlyphSource
    public var bold: any GlyphSource

    public init(regular: any GlyphSource, bold: any GlyphSource) {
        self.regular = regular
        self.bold = bold
    }
}

/// Where words may be hyphenated: libhyphen's patterns in the product (the
/// Hyphenation module), so that the renderer stays free of C libraries.
public protocol WordHyphenation: AnyObject {
    /// Offsets in `Character`s from the start of `word` (as split at
    /// spaces, punctuation included) after which it may break with a hyphen:
    /// ascending, each strictly inside the word. Empty for a language
    /// without patterns.
    func hyphenationPoints(in word: String, language: String) -> [Int]
}

/// Lines of one text at one size, and how its words had to be broken.
public struct TextLayout: Sendable, Equatable {
    public var lines: [String]
    /// Words broken between characters because no hyphenation point fitted.
    public var forcedBreaks: Int { forcedWords.count }
    /// Those words, whole, once per break.
    public var forcedWords: [String]

    public init(lines: [String], forcedWords: [String]) {
        self.lines = lines
        self.forcedWords = forcedWords
    }
}

/// Word wrapping and drawing of text into a frame.
public enum TextDrawing {
    /// The hyphen drawn at the end of a line where a word was broken.
    public static let hyphen = "-"

    public static func width(of text: String, font: any GlyphSource, size: Int) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (font.glyph(for: $1, size: size)?.advance ?? 0) }
    }

    /// The lines of `layout(...)`.
    public static func wrap(_ text: String, font: any GlyphSource, size: Int, maxWidth: Int,
                            hyphenation: (String) -> [Int] = { _ in [] }) -> [String] {
        layout(text, font: font, size: size, maxWidth: maxWidth, hyphenation: hyphenation).lines
    }

    /// Splits `text` into lines no wider than `maxWidth` at spaces (explicit
    /// newlines are kept). Only a word too long for a line of its own is
    /// broken: where `hyphenation` allows, or after a hyphen it has, and the
    /// line ends in a hyphen "-". Only a word with no such point that fits
    /// is broken between characters (still with a hyphen where one fits):
    /// listed in `forcedWords`, so that the caller can first try a smaller
    /// size.
    public static func layout(_ text: String, font: any GlyphSource, size: Int, maxWidth: Int,
                              hyphenation: (String) -> [Int] = { _ in [] }) -> TextLayout {
        func fits(_ line: String) -> Bool { width(of: line, font: font, size: size) <= maxWidth }
        var lines: [String] = []
        var forced: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if fits(candidate) {
                    line = candidate
                    continue
                }
                // A word that fits on a line of its own goes there whole: fragments
                // are harder to read than a ragged edge.
                if fits(String(word)) {
                    lines.append(line)
                    line = String(word)
                    continue
                }
                var rest = Array(String(word))
                var breaks = breakPoints(in: String(word), hyphenation: hyphenation)
                while !fits(String(rest)) || !line.isEmpty {
                    let before = line.isEmpty ? "" : line + " "
                    // The longest piece up to a break point that fits here.
                    if let point = breaks.last(where: { fits(before + $0.piece(of: rest)) }) {
                        lines.append(before + point.piece(of: rest))
                        rest = Array(rest[point.offset...])
                        breaks = breaks.compactMap { $0.offset > point.offset ? $0.shifted(by: point.offset) : nil }
                        line = ""
                        continue
                    }
                    if !line.isEmpty {
                        lines.append(line)
                        line = ""
                        continue
                    }
                    // Nothing fits on an empty line: between characters, the last resort.
                    forced.append(String(word))
                    var count = 1
                    while count + 1 < rest.count, fits(String(rest[..<(count + 1)]) + hyphen) { count += 1 }
                    let piece = String(rest[..<count])
                    lines.append(fits(piece + hyphen) ? piece + hyphen : piece)
                    rest = Array(rest[count...])
                    breaks = breaks.compactMap { $0.offset > count ? $0.shifted(by: count) : nil }
                }
                if !rest.isEmpty { line = String(rest) }
            }
            lines.append(line)
        }
        return TextLayout(lines: lines, forcedWords: forced)
    }

    /// A place where a word may break: after `offset` characters, with a
    /// hyphen added unless the word has one there.
    struct BreakPoint {
        var offset: Int
        var addsHyphen: Bool

        func piece(of characters: [Character]) -> String {
            String(characters[..<offset]) + (addsHyphen ? TextDrawing.hyphen : "")
        }

        func shifted(by count: Int) -> BreakPoint { BreakPoint(offset: offset - count, addsHyphen: addsHyphen) }
    }

    /// The hyphenation points inside `word` (whatever `hyphenation` returns
    /// outside it is ignored) and the places after a hyphen in it.
    static func breakPoints(in word: String, hyphenation: (String) -> [Int]) -> [BreakPoint] {
        let characters = Array(word)
        var points: [Int: Bool] = [:]
        for offset in hyphenation(word) where offset > 0 && offset < characters.count { points[offset] = true }
        for (index, character) in characters.enumerated() where character == "-" && index > 0 && index + 1 < characters.count {
            points[index + 1] = false
        }
        return points.keys.sorted().map { BreakPoint(offset: $0, addsHyphen: points[$0]!) }
    }

    /// Draws one line with its baseline at `baseline`, starting at `x`.
    public static func drawLine(_ text: String, font: any GlyphSource, size: Int, color: Color,
                                x: Int, baseline: Int, into frame: inout Frame) {
        var pen = x
        for scalar in text.unicodeScalars {
            guard let glyph = font.glyph(for: scalar, size: size) else { continue }
            let originX = pen + glyph.left, originY = baseline - glyph.top
            for row in 0..<glyph.height {
                let y = originY + row
                guard y >= 0, y < frame.height else { continue }
                for column in 0..<glyph.width {
                    let x = originX + column
                    guard x >= 0, x < frame.width else { continue }
                    frame.blend(x: x, y: y, color: color, alpha: glyph.coverage[row * glyph.width + column])
                }
            }
            pen += glyph.advance
        }
    }

    /// Draws wrapped text in a column; returns the y below the last line.
    @discardableResult
    public static func drawParagraph(_ text: String, font: any GlyphSource, size: Int, color: Color, x: Int, top: Int,
                                     maxWidth: Int, maxBottom: Int, centered: Bool = false,
                                     hyphenation: (String) -> [Int] = { _ in [] }, into frame: inout Frame) -> Int {
        drawLines(wrap(text, font: font, size: size, maxWidth: maxWidth, hyphenation: hyphenation), font: font, size: size,
                  color: color, x: x, top: top, maxWidth: maxWidth, maxBottom: maxBottom, centered: centered, into: &frame)
    }

    /// Draws laid-out lines in a column, as many as fit above `maxBottom`;
    /// returns the y below the last line drawn.
    @discardableResult
    public static func drawLines(_ lines: [String], font: any GlyphSource, size: Int, color: Color, x: Int, top: Int,
                                 maxWidth: Int, maxBottom: Int, centered: Bool = false, into frame: inout Frame) -> Int {
        let metrics = font.metrics(size: size)
        var y = top
        for line in lines {
            guard y + metrics.lineHeight <= maxBottom else { break }
            let offset = centered ? max(0, (maxWidth - width(of: line, font: font, size: size)) / 2) : 0
            drawLine(line, font: font, size: size, color: color, x: x + offset, baseline: y + metrics.ascender, into: &frame)
            y += metrics.lineHeight
        }
        return y
    }
}

extension GlyphSource {
    /// The height of a capital letter above the baseline, in pixels: the
    /// top of "H" as rasterised at `size`.
    public func capHeight(size: Int) -> Int {
        glyph(for: "H", size: size)?.top ?? 0
    }

    /// The smallest pixel size (from 1, at most `largest`) whose capitals
    /// stand at least `capHeight` pixels tall, found by bisection (cap
    /// height grows with size); `largest` when none does. A face without an
    /// "H" is taken to have capitals 0.7 of its size.
    public func size(forCapHeight capHeight: Double, largest: Int = 512) -> Int {
        guard capHeight > 0 else { return 1 }
        guard self.capHeight(size: 100) > 0 else { return min(largest, max(1, Int((capHeight / 0.7).rounded(.up)))) }
        var low = 1, high = largest
        while low < high {
            let middle = (low + high) / 2
            if Double(self.capHeight(size: middle)) >= capHeight { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
