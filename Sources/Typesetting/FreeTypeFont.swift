import CFreeType
import Display
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A font face rendered by FreeType into 8-bit coverage glyphs, cached per
/// size and character. One instance per face; not for concurrent use.
public final class FreeTypeFont: GlyphSource {
    public struct LoadError: Error, CustomStringConvertible {
        public var path: String
        public var code: Int32
        public var description: String { "cannot load font \(path) (FreeType error \(code))" }
    }

    private var library: FT_Library?
    private var face: FT_Face?
    private var currentSize = 0
    private var glyphs: [Int: [UInt32: Glyph?]] = [:]
    private var metricsCache: [Int: FontMetrics] = [:]
    public let path: String

    public init(path: String) throws(LoadError) {
        self.path = path
        var error = FT_Init_FreeType(&library)
        guard error == 0 else { throw LoadError(path: path, code: error) }
        error = FT_New_Face(library, path, 0, &face)
        guard error == 0 else {
            FT_Done_FreeType(library)
            throw LoadError(path: path, code: error)
        }
    }

    deinit {
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    private func select(size: Int) {
        guard size != currentSize else { return }
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(size))
        currentSize = size
    }

    public func glyph(for scalar: Unicode.Scalar, size: Int) -> Glyph? {
        if let cached = glyphs[size]?[scalar.value] { return cached }
        select(size: size)
        var result: Glyph?
        if FT_Load_Char(face, FT_ULong(scalar.value), FT_Int32(FT_LOAD_RENDER)) == 0, let slot = face?.pointee.glyph {
            let bitmap = slot.pointee.bitmap
            let width = Int(bitmap.width), rows = Int(bitmap.rows), pitch = Int(bitmap.pitch)
            var coverage = [UInt8](repeating: 0, count: width * rows)
            if let buffer = bitmap.buffer, width > 0 {
                for row in 0..<rows {
                    for column in 0..<width { coverage[row * width + column] = buffer[row * pitch + column] }
                }
            }
            result = Glyph(width: width, height: rows, left: Int(slot.pointee.bitmap_left), top: Int(slot.pointee.bitmap_top),
                           advance: Int((slot.pointee.advance.x + 32) >> 6), coverage: coverage)
        }
        glyphs[size, default: [:]][scalar.value] = result
        return result
    }

    public func metrics(size: Int) -> FontMetrics {
        if let cached = metricsCache[size] { return cached }
        select(size: size)
        let metrics = face!.pointee.size.pointee.metrics
        let result = FontMetrics(ascender: Int((metrics.ascender + 32) >> 6), lineHeight: Int((metrics.height + 32) >> 6))
        metricsCache[size] = result
        return result
    }
}

/// Finds the bundled fonts: DejaVu Sans from Debian's fonts-dejavu-core
/// (Latin with Dutch, Polish and Turkish letters, Greek, Cyrillic).
public enum FontLocator {
    public static let searchPaths = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"]

    public struct NotFound: Error, CustomStringConvertible {
        public var file: String
        public var description: String {
            "font \(file) not found in \(FontLocator.directories.joined(separator: ", ")); install fonts-dejavu-core or set OSS_FONT_DIR"
        }
    }

    static var directories: [String] {
        (ProcessInfo.processInfo.environment["OSS_FONT_DIR"].map { [$0] } ?? []) + searchPaths
    }

    public static func path(of file: String) throws(NotFound) -> String {
        for directory in directories where FileManager.default.fileExists(atPath: directory + "/" + file) {
            return directory + "/" + file
        }
        throw NotFound(file: file)
    }

    /// DejaVu Sans and DejaVu Sans Bold.
    public static func standardFonts() throws -> Fonts {
        Fonts(regular: try FreeTypeFont(path: try path(of: "DejaVuSans.ttf")),
              bold: try FreeTypeFont(path: try path(of: "DejaVuSans-Bold.ttf")))
    }
}
