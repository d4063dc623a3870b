import Display
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Hyphenation for the languages of a station: libhyphen's patterns per
/// language, found in Debian's `/usr/share/hyphen` (or `OSS_HYPHEN_DIR`).
/// A language without patterns is not hyphenated; `missing` names it so
/// that `oss validate` can warn. Results are cached per word. Not for
/// concurrent use.
public final class Hyphenator: WordHyphenation {
    public static let searchPaths = ["/usr/share/hyphen"]

    private var patterns: [String: HyphenationPatterns] = [:]
    /// Languages asked for that have no patterns, with why.
    public private(set) var missing: [String: String] = [:]
    private var cache: [String: [Int]] = [:]
    private static let cacheLimit = 4096

    /// Loads the patterns of every language in `languages` (codes such as
    /// `nl`, `en`, `pt-BR`), from `directories` (default: `OSS_HYPHEN_DIR`,
    /// then `searchPaths`).
    public init(languages: some Sequence<String>, directories: [String]? = nil) {
        let directories = directories ?? Self.defaultDirectories
        for language in Set(languages) {
            do throws(HyphenationPatterns.LoadError) {
                guard let path = Self.patternFile(for: language, in: directories) else {
                    missing[language] = "no hyphenation patterns for '\(language)' in \(directories.joined(separator: ", "))"
                        + " (Debian: hyphen-\(language.lowercased())); its words are not hyphenated"
                    continue
                }
                patterns[language] = try HyphenationPatterns(path: path)
            } catch {
                missing[language] = "\(error); '\(language)' words are not hyphenated"
            }
        }
    }

    static var defaultDirectories: [String] {
        (ProcessInfo.processInfo.environment["OSS_HYPHEN_DIR"].map { [$0] } ?? []) + searchPaths
    }

    /// The patterns' file for `language`: `hyph_nl.dic`, `hyph_nl_NL.dic`,
    /// for `pt-BR` first `hyph_pt_BR.dic`; nil when there is none.
    static func patternFile(for language: String, in directories: [String]) -> String? {
        let parts = language.split(separator: "-").map(String.init)
        guard let base = parts.first, !base.isEmpty, language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
            return nil
        }
        var names: [String] = []
        if parts.count > 1 { names.append("hyph_\(base.lowercased())_\(parts[1].uppercased()).dic") }
        names += ["hyph_\(base.lowercased()).dic", "hyph_\(base.lowercased())_\(base.uppercased()).dic"]
        for directory in directories {
            for name in names where FileManager.default.fileExists(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
        }
        return nil
    }

    public func hasPatterns(for language: String) -> Bool { patterns[language] != nil }

    public func hyphenationPoints(in word: String, language: String) -> [Int] {
        guard let patterns = patterns[language] else { return [] }
        let key = language + "|" + word
        if let cached = cache[key] { return cached }
        let points = patterns.points(in: word)
        if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[key] = points
        return points
    }
}
