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

/// Word wrapping and drawing of text into a frame.
public enum TextDrawing {
    public static func width(of text: String, font: any GlyphSource, size: Int) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (font.glyph(for: $1, size: size)?.advance ?? 0) }
    }

    /// Splits `text` into lines no wider than `maxWidth` at spaces; a word
    /// longer than a line is broken between characters. Explicit newlines
    /// are kept.
    public static func wrap(_ text: String, font: any GlyphSource, size: Int, maxWidth: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if width(of: candidate, font: font, size: size) <= maxWidth {
                    line = candidate
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = ""
                var piece = ""
                for character in word {
                    let longer = piece + String(character)
                    if width(of: longer, font: font, size: size) > maxWidth, !piece.isEmpty {
                        lines.append(piece)
                        piece = String(character)
                    } else {
                        piece = longer
                    }
                }
                line = piece
            }
            lines.append(line)
        }
        return lines
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
                                     maxWidth: Int, maxBottom: Int, centered: Bool = false, into frame: inout Frame) -> Int {
        let metrics = font.metrics(size: size)
        var y = top
        for line in wrap(text, font: font, size: size, maxWidth: maxWidth) {
            guard y + metrics.lineHeight <= maxBottom else { break }
            let offset = centered ? max(0, (maxWidth - width(of: line, font: font, size: size)) / 2) : 0
            drawLine(line, font: font, size: size, color: color, x: x + offset, baseline: y + metrics.ascender, into: &frame)
            y += metrics.lineHeight
        }
        return y
    }
}
