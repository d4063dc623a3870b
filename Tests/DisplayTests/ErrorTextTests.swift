import Display
import StationEngine
import StationModel
import Testing
import TestSupport
import Typesetting

/// The fixture station (Dutch) with labels put on some of its inputs.
private func labelledFixture(language: String = "nl") throws -> Station {
    let yaml = StationFixture.stationYAML
        .replacingOccurrences(of: "language: nl", with: "language: \(language)")
        .replacingOccurrences(of: "bin-1:   { board: { sensor: 1 } }",
                              with: #"bin-1:   { board: { sensor: 1 }, label: { nl: "bak 1 (geel)", en: "bin 1 (yellow)" } }"#)
        .replacingOccurrences(of: "bin-2:   { board: { sensor: 2 } }",
                              with: #"bin-2:   { board: { sensor: 2 }, label: { nl: "bak 2 (rood)", en: "bin 2 (red)" } }"#)
        .replacingOccurrences(of: #"confirm: { evdev: { device: "Station Buttons", key: BTN_0 } }"#,
                              with: #"confirm: { evdev: { device: "Station Buttons", key: BTN_0 }, label: { nl: "de groene knop", en: "the green button" } }"#)
        .replacingOccurrences(of: "torque:  { board: { tool: 1 } }",
                              with: #"torque:  { board: { tool: 1 }, label: { nl: "de schroevendraaier", en: "the screwdriver" } }"#)
    return try StationFixture(station: yaml).load()
}

private func text(_ kind: ErrorKind, _ input: String, step index: Int, clear: ClearMode = .acknowledge,
                  in station: Station) -> String {
    let step = station.product(withID: "lamp")?.steps[index]
    let text = ErrorText(ErrorView(kind: kind, input: input, clear: clear), step: step, station: station)
    return text.problem + " " + text.action
}

/// Whether `id` stands in `text` as a word of its own (ids hold `-`, so
/// "bin-2" is found in "bin-2." but not in "bin-23").
func contains(_ text: String, word id: String) -> Bool {
    let separators = Set(" .,:;!?()\n")
    var rest = Substring(text)
    while let range = rest.range(of: id) {
        let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
        let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
        if before.map(separators.contains) ?? true, after.map(separators.contains) ?? true { return true }
        rest = text[range.upperBound...]
    }
    return false
}

@Suite("ErrorText")
struct ErrorTextTests {
    @Test func aWrongBinSaysWhatHappenedAndWhatToDoWithTheLabels() throws {
        let station = try labelledFixture()
        #expect(text(.wrongInput, "bin-2", step: 0, in: station)
            == "Dit is het verkeerde bakje: bak 2 (rood). Leg het terug. Druk op de groene knop. Pak dan uit bak 1 (geel).")
    }

    @Test func everyKindHasItsOwnTextInDutch() throws {
        let station = try labelledFixture()
        #expect(text(.outOfOrder, "bin-2", step: 0, in: station)
            == "Bak 2 (rood) is nog niet aan de beurt. Leg het terug. Druk op de groene knop. Pak dan uit bak 1 (geel).")
        #expect(text(.toolNotOK, "torque", step: 1, in: station)
            == "De schroevendraaier meldt: niet goed vast. Druk op de groene knop. Draai dan opnieuw vast met de schroevendraaier.")
        #expect(text(.noMatch, "scanner", step: 2, clear: .auto, in: station)
            == "Deze code is niet goed. Wacht even. Scan dan de goede code.")
        #expect(text(.wrongInput, "bin-1", step: 3, clear: .supervisor, in: station)
            == "Dit is het verkeerde bakje: bak 1 (geel). Leg het terug. Roep je begeleider. Pak dan uit het goede bakje.")
        #expect(text(.device, "board", step: 0, in: station) == "Het apparaat werkt niet. Wacht even of roep je begeleider.")
    }

    @Test func withoutLabelsTheKindOfThingIsNamedNeverTheID() throws {
        let station = try StationFixture().load()
        let wrong = text(.wrongInput, "bin-2", step: 0, in: station)
        #expect(wrong == "Dit is het verkeerde bakje. Leg het terug. Druk op de knop. Pak dan uit het goede bakje.")
        let tool = text(.toolNotOK, "torque", step: 1, in: station)
        #expect(tool == "Het gereedschap meldt: niet goed vast. Druk op de knop. Draai dan opnieuw vast met het goede gereedschap.")
        for text in [wrong, tool] {
            for input in station.inputs { #expect(!contains(text, word: input.name), "\(input.name) in \(text)") }
        }
    }

    @Test func englishUsesTheEnglishLabelsAndOtherLanguagesEnglishSentences() throws {
        #expect(text(.wrongInput, "bin-2", step: 0, in: try labelledFixture(language: "en"))
            == "This is the wrong bin: bin 2 (red). Put it back. Press the green button. Then take from bin 1 (yellow).")
        // Polish: English sentences; the labels have no Polish text, so kind words.
        #expect(text(.wrongInput, "bin-2", step: 0, in: try labelledFixture(language: "pl"))
            == "This is the wrong bin. Put it back. Press the button. Then take from the right bin.")
    }

    @Test func theHintOfAStepNamesWhatToUseByItsLabelOrItsKind() throws {
        let labelled = try labelledFixture(), bare = try StationFixture().load(), english = try labelledFixture(language: "en")
        func hints(_ station: Station) -> [String] {
            station.product(withID: "lamp")!.steps.map { ErrorText.hint(for: $0, station: station) }
        }
        #expect(hints(labelled) == ["Pak uit bak 1 (geel).", "Gebruik de schroevendraaier.", "Scan met de scanner.",
                                    "Pak uit het goede bakje.", "Druk op de groene knop."])
        #expect(hints(bare) == ["Pak uit het goede bakje.", "Gebruik het goede gereedschap.", "Scan met de scanner.",
                                "Pak uit het goede bakje.", "Druk op de goede knop."])
        #expect(hints(english).first == "Take from bin 1 (yellow).")
    }

    /// Every error every step of the shipped stations can show, as the panel
    /// draws it: the ids of the inputs never appear, the labels do.
    @Test func theShippedStationsNeverShowAnInputIDInAnError() throws {
        let fonts = try FontLocator.standardFonts()
        for folder in ["fietslamp-1", "inpak-2"] {
            let station = try StationLoader.load(directory: Repository.root + "/stations/" + folder)
            let renderer = try TableRenderer(station: station, fonts: fonts)
            // An id that is also the word the station's labels use ("scanner") is no leak.
            let words = Set(station.inputs.compactMap { $0.label?.texts[station.language] }
                .flatMap { $0.split(separator: " ").map(String.init) })
            let ids = station.inputs.map(\.name).filter { !words.contains($0) }
            for product in station.products {
                for (index, step) in product.steps.enumerated() {
                    var errors = station.inputs.filter { $0.kind == .sensor }.map { ErrorView(kind: .outOfOrder, input: $0.name, clear: step.clear) }
                    errors += step.wrong.map { ErrorView(kind: .wrongInput, input: $0, clear: step.clear) }
                    errors += [ErrorKind.toolNotOK, .noMatch].map { ErrorView(kind: $0, input: step.done.input, clear: step.clear) }
                    for error in errors {
                        renderer.redrawAll(DisplayModel(screen: .step(StepView(
                            product: product.id, index: index, stepCount: product.steps.count, level: 3, error: error, blocked: true))))
                        let shown = renderer.panelText.joined(separator: "\n")
                        for id in ids { #expect(!contains(shown, word: id), "\(folder) \(product.id) \(step.id): \(id) in \(shown)") }
                        if let label = station.label(of: step.done.input, in: station.language), error.kind != .noMatch {
                            #expect(shown.contains(label), "\(folder) \(product.id) \(step.id): \(shown)")
                        }
                    }
                }
            }
        }
    }
}
