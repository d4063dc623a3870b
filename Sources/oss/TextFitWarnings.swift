import Display
import Hyphenation
import StationModel
import Typesetting

/// What `oss validate` checks beyond the loader, with the fonts and
/// hyphenation patterns the renderer uses (StationModel has neither): texts
/// that do not fit the panel even at the minimum text size, and languages of
/// the texts without hyphenation patterns. All are warnings at the text's
/// file and line.
enum TextFitWarnings {
    static func diagnostics(for station: Station, texts: [PlacedText]) -> [Diagnostic] {
        let stationFile = station.directory + "/station.yaml"
        let languages = Set(texts.map(\.language)).union([station.language])
        let hyphenator = Hyphenator(languages: languages)
        var diagnostics: [Diagnostic] = []
        for (language, problem) in hyphenator.missing.sorted(by: { $0.key < $1.key }) {
            // A text that is drawn (a step's or a label), else any in that language.
            let place = texts.first { $0.language == language && !$0.field.hasPrefix("name.") } ?? texts.first { $0.language == language }
            diagnostics.append(place?.diagnostic(problem)
                ?? Diagnostic(file: stationFile, line: nil, column: nil, field: "language", message: problem, severity: .warning))
        }
        let fonts: Fonts
        do {
            fonts = try FontLocator.standardFonts()
        } catch {
            return diagnostics + [Diagnostic(file: stationFile, line: nil, column: nil, field: "",
                                             message: "text sizes not checked: \(error)", severity: .warning)]
        }
        // Each language the step texts carry, as a station in that language would show it.
        var reported: [PlacedText] = []
        for language in languages.sorted() {
            var shown = station
            shown.language = language
            guard let renderer = try? TableRenderer(station: shown, fonts: fonts, hyphenation: hyphenator) else { continue }
            for paragraph in TextFitCheck.unfitParagraphs(renderer) {
                let message = Self.message(paragraph, minTextMM: station.projector.minTextMM)
                var places = Self.places(of: paragraph, among: texts.filter { $0.language == language })
                if places.isEmpty {
                    diagnostics.append(Diagnostic(file: stationFile, line: nil, column: nil, field: "zones.panel",
                                                  message: "the panel is too small for \"\(paragraph.text)\" (\(language)): \(message)",
                                                  severity: .warning))
                }
                // A place once, with the first paragraph it spoils.
                places.removeAll { reported.contains($0) }
                reported += places
                diagnostics += places.map { $0.diagnostic(message) }
            }
        }
        return diagnostics
    }

    /// Where the text of `paragraph` is written: the step's own text, else
    /// the labels it names (those with the words broken, when some are);
    /// none for a fixed text of the renderer.
    static func places(of paragraph: ParagraphFit, among texts: [PlacedText]) -> [PlacedText] {
        let own = texts.filter { $0.text == paragraph.text }
        guard own.isEmpty else { return own }
        let labels = texts.filter { $0.field.contains(".label.") && paragraph.text.contains($0.text) }
        let broken = paragraph.forcedWords.map(core).filter { !$0.isEmpty }
        let culprits = labels.filter { label in broken.contains { label.text.contains($0) } }
        return culprits.isEmpty ? labels : culprits
    }

    /// A word without the punctuation around it ("(rood)." → "rood").
    static func core(_ word: String) -> Substring {
        let isPart = { (character: Character) in character.isLetter || character.isNumber }
        guard let first = word.firstIndex(where: isPart), let last = word.lastIndex(where: isPart) else { return "" }
        return word[first...last]
    }

    static func message(_ paragraph: ParagraphFit, minTextMM: Double) -> String {
        var problems: [String] = []
        if paragraph.linesLeftOut > 0 {
            problems.append("\(paragraph.linesLeftOut) of its \(paragraph.lines.count) lines do not fit below the panel's other text")
        }
        if paragraph.forcedBreaks > 0 {
            let words = paragraph.forcedWords.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            problems.append("\(words.map { "\"\($0)\"" }.joined(separator: ", ")) broken between letters, "
                + "as no hyphenation point fits")
        }
        return "the text does not fit the panel even at the minimum text size (\(paragraph.minimumSize) px, capitals "
            + "\(minTextMM == minTextMM.rounded() ? String(Int(minTextMM)) : String(minTextMM)) mm tall): " + problems.joined(separator: "; ")
            + "; shorten it or make the panel zone larger"
    }
}
