import Display
import PNGImage
import StationEngine
import StationModel
import Testing
import TestSupport
import Typesetting

private func isRed(_ c: Color) -> Bool { c.r > 180 && c.g < 80 && c.b < 80 }
private func isLit(_ c: Color) -> Bool { Int(c.r) + Int(c.g) + Int(c.b) > 120 }

@Suite("TableRenderer", .serialized)
struct TableRendererTests {
    static let wrongPick = ErrorView(kind: .wrongInput, input: "bin-2", clear: .acknowledge)

    /// Every state and level against its golden picture.
    @Test(arguments: [
        ("logged-out", DisplayModel()),
        ("idle", DisplayModel(screen: .idle(worker: "W042"))),
        ("step-level1", RendererFixture.step(0, level: 1)),
        ("step-level2", RendererFixture.step(0, level: 2)),
        ("step-level3", RendererFixture.step(0, level: 3)),
        ("step-count", RendererFixture.step(1, level: 1, counted: 1, needed: 2)),
        ("error", RendererFixture.step(0, level: 3, error: wrongPick)),
        ("error-blocked", RendererFixture.step(0, level: 1, error: wrongPick, blocked: true)),
        ("error-supervisor", RendererFixture.step(3, level: 2, error: ErrorView(kind: .wrongInput, input: "bin-1", clear: .supervisor))),
        ("help", RendererFixture.step(0, level: 2, helped: true)),
        ("help-level1", RendererFixture.step(0, level: 1, helped: true)),
        ("help-level3-count", RendererFixture.step(1, level: 3, helped: true, counted: 1, needed: 2)),
        ("slow", RendererFixture.step(0, level: 1, slow: true)),
        ("slow-level3", RendererFixture.step(0, level: 3, slow: true)),
        ("cycle-done", DisplayModel(screen: RendererFixture.step(0, level: 1).screen, celebrating: true)),
        ("offline", DisplayModel(screen: RendererFixture.step(2, level: 1).screen, offline: true)),
    ])
    func matchesGolden(name: String, model: DisplayModel) throws {
        let fixture = try RendererFixture()
        fixture.renderer.redrawAll(model)
        #expect(fixture.renderer.frame.width == 1280 && fixture.renderer.frame.height == 800)
        #expect(try Golden.mismatch(fixture.renderer.frame, name: name) <= 0.003, "see \(name) in the temporary folder")
    }

    @Test func wrongZoneIsRedOnlyAfterTheErrorOnRandomCalibrations() throws {
        var random = SeededRandom(state: 7)
        for _ in 0..<6 {
            func jitter(_ v: Double, _ r: Double) -> Double { v + Double.random(in: -r...r, using: &random) }
            let pixels = [Point(x: jitter(80, 60), y: jitter(50, 40)), Point(x: jitter(1200, 60), y: jitter(50, 40)),
                          Point(x: jitter(1200, 60), y: jitter(760, 30)), Point(x: jitter(80, 60), y: jitter(760, 30))]
            let fixture = try RendererFixture(pixels: pixels)
            let (wx, wy) = fixture.pixel(ofZone: "bin-2"), (sx, sy) = fixture.pixel(ofZone: "bin-1")
            fixture.renderer.render(RendererFixture.step(0, level: 1))
            #expect(!isRed(fixture.renderer.frame[wx, wy]), "before the error the wrong zone is not red")
            #expect(isLit(fixture.renderer.frame[sx, sy]), "the current step's zone is lit")
            fixture.renderer.render(RendererFixture.step(0, level: 1, error: Self.wrongPick))
            #expect(isRed(fixture.renderer.frame[wx, wy]), "after the error the wrong zone is red")
        }
    }

    @Test func errorWithoutAZoneOfItsInputFillsTheStepsZones() throws {
        let fixture = try RendererFixture()
        let (x, y) = fixture.pixel(ofZone: "bin-1")
        fixture.renderer.render(RendererFixture.step(0, level: 1, error: ErrorView(kind: .noMatch, input: "scanner", clear: .auto)))
        #expect(isRed(fixture.renderer.frame[x, y]))
    }

    @Test func levelThreeShowsNoTextInThePanel() throws {
        let fixture = try RendererFixture()
        fixture.renderer.redrawAll(RendererFixture.step(0, level: 3))
        let level3 = fixture.renderer.frame
        fixture.renderer.redrawAll(RendererFixture.step(0, level: 1))
        let level1 = fixture.renderer.frame
        let panel = PixelRect(minX: 900, minY: 130, maxX: 1150, maxY: 700)
        func litPixels(_ frame: Frame) -> Int {
            (panel.minY..<panel.maxY).reduce(0) { sum, y in sum + (panel.minX..<panel.maxX).filter { isLit(frame[$0, y]) }.count }
        }
        #expect(litPixels(level3) == 0)
        #expect(litPixels(level1) > 2000)
    }

    @Test func unchangedModelRedrawsNothing() throws {
        let fixture = try RendererFixture()
        #expect(fixture.renderer.render(RendererFixture.step(0, level: 1))?.rects == [fixture.renderer.frame.bounds])
        #expect(fixture.renderer.render(RendererFixture.step(0, level: 1)) == nil)
    }

    @Test func changeRedrawsOnlyTheAffectedZonesAndThePanel() throws {
        let fixture = try RendererFixture()
        fixture.renderer.render(RendererFixture.step(0, level: 1))
        let region = try #require(fixture.renderer.render(RendererFixture.step(0, level: 1, error: Self.wrongPick)))
        let (bx, by) = fixture.pixel(ofZone: "bin-2"), (px, py) = fixture.pixel(ofZone: "panel")
        func covers(_ x: Int, _ y: Int) -> Bool { region.rects.contains { $0.minX <= x && x < $0.maxX && $0.minY <= y && y < $0.maxY } }
        #expect(covers(bx, by), "the wrong bin turns red")
        #expect(covers(px, py), "the panel shows the error message")
        #expect(region.rects.count >= 2, "the bin and the panel are apart: two rectangles, not their bounding box")
        #expect(region.area < region.bounds.width * region.bounds.height)
        #expect(!covers((bx + px) / 2, fixture.renderer.frame.height - 2), "the empty table between them is not redrawn")
    }

    @Test func partialRedrawsGiveTheSamePictureAsAFullRedraw() throws {
        let sequence = [
            DisplayModel(), DisplayModel(screen: .idle(worker: "W1")), RendererFixture.step(0, level: 1),
            RendererFixture.step(0, level: 1, error: Self.wrongPick), RendererFixture.step(0, level: 1, error: Self.wrongPick, blocked: true),
            RendererFixture.step(1, level: 2), RendererFixture.step(1, level: 2, counted: 1, needed: 2),
            RendererFixture.step(3, level: 3, error: ErrorView(kind: .wrongInput, input: "bin-1", clear: .supervisor)),
            DisplayModel(screen: RendererFixture.step(0, level: 1).screen, celebrating: true), DisplayModel(offline: true),
            RendererFixture.step(0, level: 1, slow: true), RendererFixture.step(0, level: 1, helped: true),
            RendererFixture.step(0, level: 2, helped: true, slow: true),
        ]
        let incremental = try RendererFixture(), full = try RendererFixture()
        for model in sequence + sequence.reversed() {
            incremental.renderer.render(model)
            full.renderer.redrawAll(model)
            #expect(incremental.renderer.frame == full.renderer.frame)
            // A renderer that never drew anything before: no trace of an earlier picture may remain
            // (the panel buffer is cleared only down to the last ink, and blank rows are not warped).
            let fresh = try RendererFixture()
            fresh.renderer.redrawAll(model)
            #expect(incremental.renderer.frame == fresh.renderer.frame)
        }
    }

    /// Every state of every shipped product, drawn: the panel says what that
    /// state must say (step n of m, the text of the level, the count, the
    /// help marker, the slow step's offer naming the help button, the labels
    /// in errors), and never an input's or zone's id.
    @Test(arguments: ["fietslamp-1", "inpak-2"])
    func everyStateOfTheShippedProductsShowsItsTextsAndNoID(folder: String) throws {
        let station = try StationLoader.load(directory: Repository.root + "/stations/" + folder)
        let renderer = try TableRenderer(station: station, fonts: try FontLocator.standardFonts(), images: try PNGFile.readPictures(of: station))
        let language = station.language
        let strings = UIStrings(language: language)
        // An id that is also a word of the station's labels ("scanner") is no leak.
        let words = Set(station.inputs.compactMap { $0.label?.texts[language] }.flatMap { $0.split(separator: " ").map(String.init) })
        let ids = Set(station.inputs.map(\.name) + station.zones.map(\.name) + station.outputs.map(\.name)).subtracting(words)
        let helpButton = try #require(station.roles.help.flatMap { station.label(of: $0, in: language) })
        var drawn = 0
        func check(_ model: DisplayModel, shows expected: [String], _ state: String) {
            renderer.render(model)
            drawn += 1
            let text = renderer.panelText.joined(separator: "\n")
            for line in expected where !text.lowercased().contains(line.lowercased()) {
                Issue.record("\(folder) \(state): \"\(line)\" is not shown in \(renderer.panelText)")
            }
            for id in ids where contains(text, word: id) { Issue.record("\(folder) \(state): the id \(id) is shown: \(text)") }
        }
        check(DisplayModel(), shows: [strings["scanBadge"]], "logged out")
        check(DisplayModel(screen: .idle(worker: "W042")), shows: [strings.welcome("W042"), strings["scanProduct"]], "idle")
        for product in station.products {
            for (index, step) in product.steps.enumerated() {
                let base = StepView(product: product.id, index: index, stepCount: product.steps.count, level: 1, needed: step.done.count)
                let stepOf = strings.stepOf(index + 1, product.steps.count)
                let full = step.text.text(in: language, fallback: "en")
                let short = (step.short ?? step.text).text(in: language, fallback: "en")
                for level in 1...3 {
                    for helped in [false, true] {
                        for slow in [false, true] {
                            for counted in 0..<step.done.count {
                                var view = base
                                (view.level, view.helped, view.slow, view.counted) = (level, helped, slow, counted)
                                var expected = level == 1 ? [stepOf, full] : level == 2 ? [stepOf, short] : []
                                if step.done.count > 1 { expected.append(strings.count(counted, step.done.count)) }
                                if helped { expected += [strings["help"], ErrorText.hint(for: step, station: station)] }
                                if slow && !helped { expected += [strings["slow"], strings.helpOffer(helpButton)] }
                                check(DisplayModel(screen: .step(view)), shows: expected,
                                      "\(product.id) \(step.id) level \(level) help \(helped) slow \(slow) count \(counted)")
                            }
                        }
                    }
                }
                for error in Self.errors(step, of: product, at: station) {
                    for blocked in [false, true] {
                        var view = base
                        (view.level, view.error, view.blocked, view.slow) = (3, error, blocked, true)
                        var expected = [strings["error"]]
                        if ![.noMatch, .device].contains(error.kind) {
                            expected += [error.input, step.done.input].compactMap { station.label(of: $0, in: language) }
                            if step.clear == .acknowledge, let confirm = station.roles.acknowledge.flatMap({ station.label(of: $0, in: language) }) {
                                expected.append(confirm)
                            }
                        }
                        if blocked { expected.append(strings["blocked"]) }
                        check(DisplayModel(screen: .step(view)), shows: expected, "\(product.id) \(step.id) \(error.kind) on \(error.input)")
                        #expect(!renderer.panelText.contains(strings.helpOffer(helpButton)), "an error is shown in full, without the slow cue")
                    }
                }
                check(DisplayModel(screen: .step(base), celebrating: true), shows: [strings["wellDone"], stepOf, full], "\(step.id) done")
                check(DisplayModel(screen: .step(base), offline: true), shows: [strings["offline"], strings["offlineAction"]], "\(step.id) offline")
            }
        }
        #expect(drawn > 100)
    }

    /// Every error `step` can have: its wrong inputs, out-of-order picks, a
    /// tool's not-ok, a text that does not match, the board going away.
    private static func errors(_ step: Step, of product: Product, at station: Station) -> [ErrorView] {
        var errors = step.wrong.map { ErrorView(kind: .wrongInput, input: $0, clear: step.clear) }
        let picks = Set(product.steps.map(\.done.input)).filter { station.input(named: $0)?.kind == .sensor }
        errors += picks.subtracting(step.wrong + [step.done.input]).sorted().map { ErrorView(kind: .outOfOrder, input: $0, clear: step.clear) }
        if station.input(named: step.done.input)?.kind == .tool { errors.append(ErrorView(kind: .toolNotOK, input: step.done.input, clear: step.clear)) }
        if step.done.match != nil { errors.append(ErrorView(kind: .noMatch, input: step.done.input, clear: step.clear)) }
        errors.append(ErrorView(kind: .device, input: StationBoard.singleName, clear: step.clear))
        return errors
    }

    @Test func degenerateCalibrationIsRefused() throws {
        let fixture = try RendererFixture()
        var station = fixture.station
        station.projector.calibration = station.projector.calibration.map {
            CalibrationPoint(table: $0.table, pixel: Point(x: 10, y: 10))
        }
        #expect(throws: TableRenderer.SetupError.self) {
            _ = try TableRenderer(station: station, fonts: Fonts(regular: StubGlyphs(), bold: StubGlyphs()))
        }
    }
}

/// Glyphs of nothing, where text does not matter.
final class StubGlyphs: GlyphSource {
    func glyph(for scalar: Unicode.Scalar, size: Int) -> Glyph? { nil }
    func metrics(size: Int) -> FontMetrics { FontMetrics(ascender: size, lineHeight: size) }
}
