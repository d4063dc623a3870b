import Foundation

/// Reading a report page in tests: its visible text, its sections and the
/// texts of an SVG's ticks.
enum ReportHTML {
    /// The text a reader sees: no style sheet, no tags, entities decoded, spaces collapsed.
    static func visibleText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    /// Lower-case words of the visible text (letters only).
    static func words(_ html: String) -> Set<String> {
        Set(visibleText(html).lowercased().split { !$0.isLetter }.map(String.init))
    }

    /// Every match of `pattern`'s first group in `text`.
    static func captures(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The pieces of `html` that start with `start` and end with the next `end`.
    static func pieces(_ html: String, from start: String, to end: String) -> [String] {
        html.components(separatedBy: start).dropFirst().map { start + ($0.components(separatedBy: end).first ?? "") + end }
    }

    static func occurrences(_ text: String, in html: String) -> Int { html.components(separatedBy: text).count - 1 }

    /// True when `text` holds an ISO 8601 date or time (`2026-11-02`, `T08:00`).
    static func hasISOTime(_ text: String) -> Bool {
        text.range(of: "\\d{4}-\\d{2}-\\d{2}|T\\d{2}:\\d{2}", options: .regularExpression) != nil
    }

    /// The labels of an SVG's axis ticks: y ticks are `text-anchor="end"`, x ticks `"middle"` (axis titles have a class).
    static func ticks(_ svg: String, anchor: String) -> [String] {
        captures("<text x=\"[^\"]*\" y=\"[^\"]*\" text-anchor=\"\(anchor)\">([^<]*)</text>", in: svg)
    }

    /// Whether the numbers are evenly spaced by 1, 2 or 5 × 10^k.
    static func isNiceSequence(_ labels: [String], decimalMark: String) -> Bool {
        let values = labels.compactMap { Double($0.replacingOccurrences(of: decimalMark, with: ".")) }
        guard values.count == labels.count, values.count >= 2 else { return false }
        let step = values[1] - values[0]
        guard zip(values, values.dropFirst()).allSatisfy({ abs($1 - $0 - step) < 1e-9 * max(1, step) }) else { return false }
        var mantissa = step
        while mantissa >= 10 { mantissa /= 10 }
        while mantissa < 1 { mantissa *= 10 }
        return [1.0, 2, 5].contains { abs(mantissa - $0) < 1e-9 }
            && values.allSatisfy { abs(($0 / step).rounded() * step - $0) < 1e-9 * max(1, step) }
    }
}
