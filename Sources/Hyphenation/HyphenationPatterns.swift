import CHyphen
import Foundation

/// One language's hyphenation patterns, loaded by libhyphen (Debian's
/// `hyphen-nl`, `hyphen-en-us`, ...), and the points where a word may be
/// hyphenated. libhyphen works on bytes in the patterns' charset (UTF-8, or
/// one byte a letter such as ISO8859-1 for Dutch); this type turns words
/// into those bytes and the results back into `Character` offsets, so no
/// input can make it trap or pass libhyphen something it misreads.
/// Read-only after loading; not for concurrent use (libhyphen keeps no
/// state per call, but this type is not audited for it).
public final class HyphenationPatterns {
    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case unreadable(path: String)
        case unsupportedCharset(path: String, charset: String)

        public var description: String {
            switch self {
            case .unreadable(let path): "cannot read the hyphenation patterns \(path)"
            case .unsupportedCharset(let path, let charset):
                "the hyphenation patterns \(path) are in \(charset), which oss cannot convert to (UTF-8 and ISO8859-1 only)"
            }
        }
    }

    /// Letters in a row longer than this are not hyphenated (the caller
    /// falls back): no real word is, and libhyphen's work grows with it.
    public static let longestWord = 64

    public let path: String
    private let dictionary: UnsafeMutablePointer<HyphenDict>
    private let encoding: Encoding

    private enum Encoding { case utf8, latin1 }

    public init(path: String) throws(LoadError) {
        guard let loaded = oss_hyphen_load(path) else { throw .unreadable(path: path) }
        var name = [CChar](repeating: 0, count: 32)
        let utf8 = oss_hyphen_charset(loaded, &name, Int32(name.count)) == 1
        let charset = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let upper = charset.uppercased().filter { $0 != "-" && $0 != "_" }
        if utf8 {
            encoding = .utf8
        } else if upper == "ISO88591" || upper == "LATIN1" {
            encoding = .latin1
        } else {
            oss_hyphen_free(loaded)
            throw .unsupportedCharset(path: path, charset: charset)
        }
        self.path = path
        dictionary = loaded
    }

    deinit { oss_hyphen_free(dictionary) }

    /// Where `word` may be hyphenated: offsets in `Character`s from its
    /// start, ascending, each strictly inside the word. A point lies between
    /// two letters of a run of letters, never next to punctuation or a digit,
    /// never inside a character (a letter with its combining marks).
    public func points(in word: String) -> [Int] {
        var result: [Int] = []
        var run: [Character] = []
        var runStart = 0
        var offset = 0
        for character in word {
            if character.isLetter {
                if run.isEmpty { runStart = offset }
                run.append(character)
            } else if !run.isEmpty {
                result += points(inLetters: run).map { $0 + runStart }
                run.removeAll()
            }
            offset += 1
        }
        if !run.isEmpty { result += points(inLetters: run).map { $0 + runStart } }
        return result
    }

    /// Points inside one run of letters.
    private func points(inLetters letters: [Character]) -> [Int] {
        guard letters.count >= 2, letters.count <= Self.longestWord else { return [] }
        // Each character lowercased on its own (patterns are lowercase);
        // `lastScalar[i]` is the index of its last code point among all.
        var bytes: [UInt8] = []
        var lastScalar: [Int] = []
        var scalars = 0
        for letter in letters {
            // Composed (NFC) as the patterns are: "e" + U+0308 is "ë", one byte in ISO8859-1.
            for scalar in String(letter).lowercased().precomposedStringWithCanonicalMapping.unicodeScalars {
                switch encoding {
                case .utf8: bytes += Array(String(scalar).utf8)
                case .latin1:
                    guard scalar.value <= 0xFF else { return [] }
                    bytes.append(UInt8(scalar.value))
                }
                scalars += 1
            }
            lastScalar.append(scalars - 1)
        }
        guard !bytes.isEmpty, !bytes.contains(0), lastScalar.allSatisfy({ $0 >= 0 }) else { return [] }
        var points = [UInt8](repeating: 0, count: bytes.count + 5)
        let cString = bytes.map { CChar(bitPattern: $0) } + [0]
        let count = Int(oss_hyphen_points(dictionary, cString, Int32(bytes.count), &points))
        guard count == scalars else { return [] }
        // A break after character i (not the last) when libhyphen allows one
        // after its last code point.
        return (0..<(letters.count - 1)).filter { points[lastScalar[$0]] == 1 }.map { $0 + 1 }
    }
}
