import Foundation
@testable import StationModel
import Testing
import TestSupport

/// The fixture with `old` replaced by `new` in station.yaml (or the lamp product).
private func station(replacing old: String, with new: String) -> StationFixture {
    #expect(StationFixture.stationYAML.contains(old), "fixture text to replace is missing: \(old)")
    return StationFixture(station: StationFixture.stationYAML.replacingOccurrences(of: old, with: new))
}

private func product(replacing old: String, with new: String) -> StationFixture {
    #expect(StationFixture.productYAML.contains(old), "fixture text to replace is missing: \(old)")
    return StationFixture(products: ["lamp": StationFixture.productYAML.replacingOccurrences(of: old, with: new)])
}

/// The two-board fixture with `old` replaced by `new` in station.yaml.
private func twoBoards(replacing old: String, with new: String) -> StationFixture {
    #expect(StationFixture.twoBoardsYAML.contains(old), "fixture text to replace is missing: \(old)")
    return StationFixture(station: StationFixture.twoBoardsYAML.replacingOccurrences(of: old, with: new),
                          products: ["pair": StationFixture.pairProductYAML])
}

/// The pictures a decoder was asked for.
private final class Calls {
    var paths: [String] = []
}

private func errors(_ fixture: StationFixture) -> [Diagnostic] {
    fixture.check().diagnostics.filter { $0.severity == .error }
}

/// The 1-based line of the first line containing `text` in `yaml`.
private func line(of text: String, in yaml: String) -> Int {
    (yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) } ?? -2) + 1
}

@Suite("StationLoader")
struct StationLoaderTests {
    @Test func validFixtureLoadsWithAllReferencesResolved() throws {
        let loaded = try StationFixture().load()
        #expect(loaded.id == "test-1")
        #expect(loaded.products.map(\.id) == ["cap", "lamp"])
        let lamp = try #require(loaded.product(withID: "lamp"))
        #expect(lamp.steps.map(\.id) == ["pick", "screws", "serial", "seal", "check"])
        #expect(lamp.normTime == 60_000_000)
        #expect(lamp.steps[0].maxDuration == 10_000_000)
        #expect(lamp.steps[1].done.count == 2 && lamp.steps[1].done.ok == true)
        #expect(lamp.steps[2].clear == .auto && lamp.steps[2].done.match?.matches("LMP-123") == true)
        #expect(loaded.input(named: "confirm")?.source == .evdev(EvdevSource(
            device: "Station Buttons", phys: nil, vendor: nil, product: nil, delivery: .key(name: "BTN_0", code: 0x100))))
        #expect(loaded.board == BoardSelector(vendor: 0x1209, product: 1, serial: nil))
        #expect(loaded.roles == Roles(acknowledge: "confirm", help: "help", login: "badge", select: "scanner"))
        #expect(loaded.supervisors == ["S001"])
    }

    @Test func shippedStationsAndTheReferenceExampleAreValid() throws {
        for directory in [Repository.root + "/stations/fietslamp-1", Repository.root + "/stations/inpak-2", Repository.demo1] {
            let result = StationLoader.check(directory: directory)
            #expect(result.diagnostics.filter { $0.severity == .error } == [], "\(directory)")
            #expect(result.station != nil)
        }
    }

    @Test func theShippedStationsHaveEveryLabelTheirErrorTextsNeed() {
        for directory in [Repository.root + "/stations/fietslamp-1", Repository.root + "/stations/inpak-2"] {
            let warnings = StationLoader.check(directory: directory).diagnostics.filter { $0.message.contains("label") }
            #expect(warnings == [], "\(directory)")
        }
    }

    @Test func labelsOnInputsOutputsAndZonesAreLoaded() throws {
        let fixture = StationFixture(station: StationFixture.stationYAML
            .replacingOccurrences(of: "bin-2:   { board: { sensor: 2 } }",
                                  with: #"bin-2:   { board: { sensor: 2 }, label: { nl: "bak 2 (rood)", en: "bin 2 (red)" } }"#)
            .replacingOccurrences(of: "bin-1: { board: { light: 1 } }", with: #"bin-1: { board: { light: 1 }, label: { nl: "lamp 1" } }"#)
            .replacingOccurrences(of: "bin-1: { x: 40,  y: 40, w: 120, h: 90 }",
                                  with: #"bin-1: { x: 40,  y: 40, w: 120, h: 90, label: { nl: "bak 1" } }"#))
        let loaded = try fixture.load()
        #expect(loaded.input(named: "bin-2")?.label == LocalizedText(["nl": "bak 2 (rood)", "en": "bin 2 (red)"]))
        #expect(loaded.outputs.first?.label == LocalizedText(["nl": "lamp 1"]))
        #expect(loaded.zone(named: "bin-1")?.label == LocalizedText(["nl": "bak 1"]))
        #expect(loaded.label(of: "bin-2", in: "en") == "bin 2 (red)")
        #expect(loaded.label(of: "bin-1", in: "nl") == "bak 1", "the zone's label before the output's")
        #expect(loaded.label(of: "bin-3", in: "nl") == nil)
    }

    @Test(arguments: [
        (#"label: "bak 2""#, "inputs.bin-2.label", "expected texts per language"),
        (#"label: { nl: "  " }"#, "inputs.bin-2.label.nl", "the text is empty"),
        (#"label: { NL!: "bak", nl: "bak 2" }"#, "inputs.bin-2.label.NL!", "language code"),
        ("label: {}", "inputs.bin-2.label", "expected at least one language"),
    ])
    func badLabelsAreRefusedWhereTheyAre(label: String, field: String, message: String) {
        let found = errors(station(replacing: "bin-2:   { board: { sensor: 2 } }", with: "bin-2:   { board: { sensor: 2 }, \(label) }"))
        #expect(found.count == 1)
        #expect(found.first?.field == field)
        #expect(found.first?.message.contains(message) == true, "\(found)")
        #expect(found.first?.line == line(of: "bin-2:   { board: { sensor: 2 } }", in: StationFixture.stationYAML))
    }

    @Test func aLabelWithoutTheStationsLanguageIsAWarning() throws {
        let fixture = station(replacing: "bin-2:   { board: { sensor: 2 } }",
                              with: #"bin-2:   { board: { sensor: 2 }, label: { en: "bin 2" } }"#)
        let result = fixture.check()
        #expect(result.station != nil)
        #expect(result.diagnostics.contains { $0.severity == .warning && $0.field == "inputs.bin-2.label"
            && $0.message.contains("no text in the station's language 'nl'") })
    }

    @Test func anInputAnErrorTextNamesWithoutALabelIsAWarningAtItsLine() throws {
        let result = StationFixture().check()
        #expect(result.station != nil, "a station without labels stays valid")
        let warnings = result.diagnostics.filter { $0.message.contains("no label in the station's language 'nl'") }
        #expect(warnings.allSatisfy { $0.severity == .warning && $0.file.hasSuffix("station.yaml") })
        // Wrong inputs, done inputs and the acknowledge button; not help or badge.
        #expect(Set(warnings.map(\.field)).isSuperset(of: ["inputs.bin-2", "inputs.bin-1", "inputs.torque", "inputs.confirm"]))
        #expect(!warnings.contains { $0.field == "inputs.help" || $0.field == "inputs.badge" })
        let bin2 = try #require(warnings.first { $0.field == "inputs.bin-2" })
        #expect(bin2.line == line(of: "bin-2:   { board: { sensor: 2 } }", in: StationFixture.stationYAML))
        let labelled = StationFixture(station: StationFixture.stationYAML.replacingOccurrences(
            of: "bin-2:   { board: { sensor: 2 } }", with: #"bin-2:   { board: { sensor: 2 }, label: { nl: "bak 2" } }"#))
        #expect(!labelled.check().diagnostics.contains { $0.field == "inputs.bin-2" })
    }

    @Test(arguments: [("12", Diagnostic.Severity?.none, ""), ("2.5", .warning, "too small to read"),
                      ("0", .error, "number"), ("250", .error, "200"), ("big", .error, "expected a number")])
    func theMinimumTextSizeIsAPositiveNumberOfMillimetres(value: String, severity: Diagnostic.Severity?, message: String) {
        let result = station(replacing: "  width: 1280\n", with: "  width: 1280\n  min_text_mm: \(value)\n").check()
        let found = result.diagnostics.filter { $0.field == "projector.min_text_mm" }
        #expect(found.map(\.severity) == (severity.map { [$0] } ?? []), "\(found)")
        #expect(found.allSatisfy { $0.message.contains(message) && $0.line == 7 }, "\(found)")
        if severity != .error { #expect(result.station?.projector.minTextMM == Double(value)) }
    }

    /// Found by the station-loader fuzzer: a pixel of 20 digits crashed the
    /// message that says it is outside the image. Now such numbers are refused.
    @Test(arguments: ["99999999999999999999", "-99999999999999999999999", "9007199254740993"])
    func hugeNumbersGiveAnErrorNotACrash(number: String) throws {
        let found = errors(station(replacing: "pixel: [1216, 52]", with: "pixel: [\(number), 52]"))
        let refused = try #require(found.first { $0.message.contains("out of range") })
        #expect(refused.line == line(of: "pixel: [1216, 52]", in: StationFixture.stationYAML))
        #expect(refused.field == "projector.calibration[1].pixel[0]")
    }

    @Test(arguments: [("norm_time_s: 60", "norm_time_s: 99999999999999999999", "norm_time_s", "at most 86400"),
                      ("max_s: 10", "max_s: 90000", "steps[0].max_s", "at most 86400")])
    func durationsHaveAnUpperBound(old: String, new: String, field: String, message: String) {
        let found = errors(product(replacing: old, with: new))
        #expect(found.map(\.field) == [field])
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test func zonesFarBeyondAnyTableAreRefused() {
        let found = errors(station(replacing: "bin-1: { x: 40,", with: "bin-1: { x: 99999999999999999999,"))
        #expect(found.map(\.field) == ["zones.bin-1.x"])
        #expect(found.first?.message.contains("at most 1000000") == true, "\(found)")
    }

    @Test func numbersAreShownAsWritten() {
        #expect(YAMLField.format(1200) == "1200")
        #expect(YAMLField.format(-3) == "-3")
        #expect(YAMLField.format(2.5) == "2.5")
        #expect(YAMLField.format(1e300) == "1e+300")
    }

    @Test func undefinedZoneIsReportedWithFileLineAndField() {
        let fixture = product(replacing: "show: [bin-1]", with: "show: [bin-9]")
        let found = errors(fixture)
        #expect(found.count == 1)
        let error = try! #require(found.first)
        #expect(error.file.hasSuffix("test-1/products/lamp.yaml"))
        #expect(error.line == line(of: "show: [bin-1]", in: StationFixture.productYAML))
        #expect(error.field == "steps[0].show[0]")
        #expect(error.message.contains("unknown zone 'bin-9'"))
        #expect(error.description.contains("lamp.yaml:\(error.line!):"))
    }

    @Test func undefinedInputIsReported() {
        let found = errors(product(replacing: "done: { input: bin-3 }", with: "done: { input: bin-33 }"))
        #expect(found.map(\.field) == ["steps[3].done.input"])
        #expect(found.first?.message.contains("unknown input 'bin-33'") == true)
    }

    @Test func misspeltFieldIsAnErrorWithASuggestion() {
        let found = errors(product(replacing: "    wrong: [bin-2]", with: "    wrnog: [bin-2]"))
        #expect(found.count == 1)
        #expect(found.first?.field == "steps[0].wrnog")
        #expect(found.first?.message.contains("unknown key 'wrnog'") == true)
        #expect(found.first?.message.contains("did you mean 'wrong'?") == true)
        #expect(found.first?.line == line(of: "wrnog", in: StationFixture.productYAML.replacingOccurrences(of: "    wrong: [bin-2]", with: "    wrnog: [bin-2]")))
    }

    @Test func unknownKeyInStationIsAnError() {
        let found = errors(station(replacing: "supervisors: [S001]", with: "supervisor: [S001]"))
        #expect(found.first?.field == "supervisor")
        #expect(found.first?.message.contains("did you mean 'supervisors'?") == true)
        #expect(found.first?.file.hasSuffix("station.yaml") == true)
        // The typo leaves the station without supervisors, which the step using them reports.
        #expect(found.dropFirst().map(\.field) == ["steps[3].clear"])
    }

    @Test func yamlSyntaxErrorNamesFileAndLine() {
        let found = errors(station(replacing: "name: Test station", with: "name: [Test station"))
        #expect(found.count == 1)
        #expect(found.first?.file.hasSuffix("station.yaml") == true)
        #expect(found.first?.line != nil)
        #expect(found.first?.message.contains("YAML syntax error") == true)
    }

    @Test func threeCalibrationPointsAreRefused() {
        let found = errors(station(replacing: "    - { table: [0, 800],    pixel: [70, 770] }\n", with: ""))
        #expect(found.map(\.field) == ["projector.calibration"])
        #expect(found.first?.message.contains("exactly 4 calibration points, found 3") == true)
        #expect(found.first?.line == line(of: "- { table: [0, 0]", in: StationFixture.stationYAML))
    }

    @Test func collinearCalibrationPointsAreRefused() {
        let found = errors(station(replacing: "table: [1200, 800], pixel", with: "table: [600, 400], pixel"))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("table points 1, 3, 4 are collinear") == true || found.first?.message.contains("collinear") == true)
    }

    /// Found by a hostile tester: a pixel point 10⁻⁷ from another passed
    /// the angle test, validated, and then `simulate --frames` refused the
    /// calibration with no file or line.
    @Test func nearlyCoincidingCalibrationPointsAreRefusedWhereTheyAre() throws {
        let fixture = station(replacing: "pixel: [1216, 52]", with: "pixel: [64.0000001, 40.0000001]")
        let found = errors(fixture)
        #expect(found.count == 1)
        let refused = try #require(found.first)
        #expect(refused.file.hasSuffix("/station.yaml"))
        #expect(refused.line == line(of: "pixel: [1216, 52]", in: StationFixture.stationYAML))
        #expect(refused.field == "projector.calibration[1].pixel")
        #expect(refused.message.contains("pixel points 1 and 2 lie less than 0.01 pixels apart"), "\(refused.message)")
        // The renderer refuses this calibration too: the loader is at least as strict.
        let points = [(0.0, 0.0, 64.0, 40.0), (1200, 0, 64.0000001, 40.0000001), (1200, 800, 1200, 780), (0, 800, 70, 770)]
            .map { CalibrationPoint(table: Point(x: $0.0, y: $0.1), pixel: Point(x: $0.2, y: $0.3)) }
        #expect(Homography(calibration: points) == nil)
    }

    @Test func coincidingTablePointsAreRefused() {
        let found = errors(station(replacing: "table: [1200, 0],   pixel", with: "table: [0.5, 0],   pixel"))
        #expect(found.map(\.field) == ["projector.calibration[1].table"])
        #expect(found.first?.message.contains("table points 1 and 2 lie 0.50 mm apart") == true, "\(found)")
    }

    /// Two pixel points swapped: every three are fine, but the table would
    /// be drawn across the projector's horizon, a self-intersecting shape.
    @Test func calibrationPointsInAnotherOrderAreRefused() {
        let swapped = StationFixture.stationYAML
            .replacingOccurrences(of: "table: [1200, 0],   pixel: [1216, 52]", with: "table: [1200, 0],   pixel: [1200, 780]")
            .replacingOccurrences(of: "table: [1200, 800], pixel: [1200, 780]", with: "table: [1200, 800], pixel: [1216, 52]")
        #expect(swapped != StationFixture.stationYAML)
        let found = errors(StationFixture(station: swapped))
        #expect(found.map(\.field) == ["projector.calibration"])
        #expect(found.first?.message.contains("not in the same order around the table") == true, "\(found)")
    }

    /// Whatever 4 pixel points the loader accepts, the renderer's map
    /// exists and can be inverted, and the table corners keep their order
    /// (points drawn close together, often nearly coinciding or collinear).
    @Test func everyCalibrationTheLoaderAcceptsTheRendererCanUse() throws {
        var state: UInt64 = 11
        func next(_ range: ClosedRange<Double>) -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Double(state >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        var accepted = 0, refused = 0
        for _ in 0..<150 {
            let spread = [0.000001, 0.5, 3, 60, 300][Int(next(0...4.999))]
            let pixels = (0..<4).map { _ in Point(x: 640 + next(-spread...spread), y: 400 + next(-spread...spread)) }
            var yaml = StationFixture.stationYAML
            for (old, new) in zip(["[64, 40]", "[1216, 52]", "[1200, 780]", "[70, 770]"], pixels) {
                yaml = yaml.replacingOccurrences(of: "pixel: \(old)", with: "pixel: [\(new.x), \(new.y)]")
            }
            let result = StationFixture(station: yaml).check()
            guard let station = result.station else {
                refused += 1
                #expect(result.diagnostics.contains { $0.field.hasPrefix("projector.calibration") && $0.line != nil })
                continue
            }
            accepted += 1
            let map = try #require(Homography(calibration: station.projector.calibration), "accepted \(pixels)")
            let corners = [Point(x: 0, y: 0), Point(x: 1200, y: 0), Point(x: 1200, y: 800), Point(x: 0, y: 800)].map(map.map)
            // One orientation all around: a convex quadrilateral, not a bow tie.
            let turns = (0..<4).map { i -> Double in
                let (a, b, c) = (corners[i], corners[(i + 1) % 4], corners[(i + 2) % 4])
                return (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
            }
            #expect(turns.allSatisfy { $0 > 0 } || turns.allSatisfy { $0 < 0 }, "\(pixels)")
        }
        #expect(accepted > 5 && refused > 5, "accepted \(accepted), refused \(refused)")
    }

    @Test func unknownKeyCodeIsRefusedWithSuggestion() {
        let found = errors(station(replacing: "key: BTN_1", with: "key: BTN_01"))
        #expect(found.map(\.field) == ["inputs.help.evdev.key"])
        #expect(found.first?.message.contains("unknown key code 'BTN_01'") == true)
    }

    @Test func yaml11BooleansAndOctalsAreNotCoerced() {
        let onAsBool = errors(station(replacing: "supervisors: [S001]", with: "supervisors: [S001]\nlevels: { auto: on }"))
        #expect(onAsBool.map(\.field) == ["levels.auto"])
        #expect(onAsBool.first?.message.contains("expected true or false, found 'on'") == true)

        let octal = errors(product(replacing: "count: 2", with: "count: 010"))
        #expect(octal.map(\.field) == ["steps[1].done.count"])
        #expect(octal.first?.message.contains("'010'") == true)

        let quotedNumber = errors(product(replacing: "norm_time_s: 60", with: "norm_time_s: \"60\""))
        #expect(quotedNumber.map(\.field) == ["norm_time_s"])
    }

    @Test func languageCodeNoIsAKeyNotFalse() throws {
        let fixture = StationFixture(products: ["cap": StationFixture.otherProductYAML.replacingOccurrences(
            of: "name: { nl: Dop }", with: "name: { nl: Dop, no: Kork }")])
        let cap = try #require(try fixture.load().product(withID: "cap"))
        #expect(cap.name.texts["no"] == "Kork")
    }

    @Test func idsMustFollowTheirPattern() {
        let found = errors(product(replacing: "  - id: pick", with: "  - id: Pick_1"))
        #expect(found.map(\.field).contains("steps[0].id"))
        #expect(found.first?.message.contains("[a-z0-9-]+") == true)
    }

    @Test func stationIdMustEqualFolderName() {
        let found = errors(station(replacing: "station: test-1", with: "station: other"))
        #expect(found.map(\.field) == ["station"])
    }

    @Test func productIdMustEqualFileName() {
        let fixture = StationFixture(products: ["lamp": StationFixture.productYAML.replacingOccurrences(of: "product: lamp", with: "product: lampje")])
        #expect(errors(fixture).map(\.field) == ["product"])
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        var yaml = StationFixture.productYAML
        yaml = yaml.replacingOccurrences(of: "show: [bin-1]", with: "show: [nowhere]")
        yaml = yaml.replacingOccurrences(of: "count: 2", with: "count: 0")
        yaml = yaml.replacingOccurrences(of: "clear: auto", with: "clear: later")
        let found = errors(StationFixture(products: ["lamp": yaml]))
        #expect(Set(found.map(\.field)) == ["steps[0].show[0]", "steps[1].done.count", "steps[2].clear"])
    }

    @Test func okAndMatchMustFitTheInputKind() {
        let ok = errors(product(replacing: "done: { input: bin-1 }", with: "done: { input: bin-1, ok: true }"))
        #expect(ok.map(\.field) == ["steps[0].done.ok"])
        let match = errors(product(replacing: "done: { input: confirm }", with: "done: { input: confirm, match: \"x\" }"))
        #expect(match.map(\.field) == ["steps[4].done.match"])
    }

    @Test func invalidRegularExpressionIsRefused() {
        let found = errors(product(replacing: "^LMP-[0-9]{3}$", with: "^LMP-[0-9"))
        #expect(found.map(\.field) == ["steps[2].done.match"])
    }

    @Test func doneInputCannotAlsoBeWrong() {
        let found = errors(product(replacing: "wrong: [bin-2]", with: "wrong: [bin-2, bin-1]"))
        #expect(found.map(\.field) == ["steps[0].wrong"])
    }

    @Test func missingMediaFileIsRefused() {
        let found = errors(product(replacing: "    show: [bin-1]", with: "    image: media/pick.png\n    show: [bin-1]"))
        #expect(found.map(\.field) == ["steps[0].image"])
        #expect(found.first?.message.contains("not found") == true)
    }

    /// With a decoder (`oss validate` passes libpng's), a picture whose
    /// header is fine but whose data is not is refused where a step names
    /// it; each picture is decoded once, however many steps show it.
    @Test func aPictureTheDecoderRefusesIsReportedAtTheStepNamingIt() throws {
        let header = pngHeaderBytes(width: 64, height: 48)
        let fixture = stationShowing([("media/pick.png", .bytes(header)), ("media/ok.png", .bytes(header)),
                                      ("media/pick.png", .none)])
        let calls = Calls()
        let result = StationLoader.check(directory: fixture.stationPath) { relative, directory in
            calls.paths.append(relative)
            #expect(directory == fixture.stationPath)
            return relative == "media/pick.png" ? "is not a valid PNG picture (invalid chunk type)" : nil
        }
        #expect(result.station == nil)
        let found = result.diagnostics.filter { $0.severity == .error }
        #expect(found.map(\.field) == ["steps[0].image", "steps[2].image"])
        #expect(found.allSatisfy { $0.file.hasSuffix("/products/lamp.yaml") && $0.line != nil })
        #expect(found.first?.message == "media file 'media/pick.png' is not a valid PNG picture (invalid chunk type)")
        #expect(calls.paths.sorted() == ["media/ok.png", "media/pick.png"])
        // Without a decoder only the header is read, and it is fine.
        #expect(errors(fixture).isEmpty)
    }

    @Test func aPictureNoStepShowsIsDecodedToo() throws {
        let fixture = stationShowing([])
        try FileManager.default.createDirectory(atPath: fixture.stationPath + "/media", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: fixture.stationPath + "/media/spare.png", contents: Data(pngHeaderBytes(width: 8, height: 8)))
        let result = StationLoader.check(directory: fixture.stationPath) { _, _ in "is not a valid PNG picture (bad)" }
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.description)
            == ["\(fixture.stationPath)/media/spare.png: error: media holds pictures only: 'media/spare.png' is not a valid PNG picture (bad)"])
    }

    /// Past the station's pixel budget nothing more is decoded (decoding allocates the pixels).
    @Test func nothingIsDecodedPastTheStationBudget() {
        let largest = pngHeaderBytes(width: 2048, height: 2048)
        let fixture = stationShowing([("media/a.png", .bytes(largest)), ("media/b.png", .bytes(largest)),
                                      ("media/c.png", .bytes(largest)), ("media/c.png", .none)])
        let calls = Calls()
        let result = StationLoader.check(directory: fixture.stationPath) { relative, _ in
            calls.paths.append(relative)
            return nil
        }
        #expect(result.diagnostics.contains { $0.field == "steps[2].image" && $0.message.contains("all pictures of a station") })
        #expect(calls.paths.sorted() == ["media/a.png", "media/b.png"])
    }

    @Test func clearModeNeedsItsRole() {
        let noAck = errors(station(replacing: "  acknowledge: confirm\n", with: ""))
        #expect(noAck.contains { $0.message.contains("needs roles.acknowledge") })
        let noSupervisors = errors(station(replacing: "supervisors: [S001]", with: "supervisors: []"))
        #expect(noSupervisors.map(\.field) == ["steps[3].clear"])
    }

    @Test func brokenInputIsReportedOnceNotWhereItIsUsed() {
        let found = errors(station(replacing: "bin-1:   { board: { sensor: 1 } }", with: "bin-1:   { board: { sensor: 0 } }"))
        #expect(found.map(\.field) == ["inputs.bin-1.board.sensor"])
    }

    @Test func loginAndSelectRolesMustBeTextInputs() {
        let found = errors(station(replacing: "login: badge", with: "login: confirm"))
        #expect(found.map(\.field).contains("roles.login"))
    }

    @Test func boardInputsNeedTheBoardSection() {
        let found = errors(station(replacing: "board: { vendor: 0x1209, product: 0x0001 }\n", with: ""))
        #expect(found.contains { $0.field == "inputs.bin-1.board" && $0.message.contains("board: section") })
    }

    @Test func theSingleBoardIsNamedBoardAndMayBeNamedSo() throws {
        let loaded = try station(replacing: "bin-1:   { board: { sensor: 1 } }", with: "bin-1:   { board: { sensor: 1, name: board } }").load()
        #expect(loaded.boards == [StationBoard(name: "board", selector: BoardSelector(vendor: 0x1209, product: 1))])
        #expect(loaded.input(named: "bin-1")?.source == .board(.sensor(1), board: "board"))
        #expect(loaded.input(named: "bin-2")?.source == .board(.sensor(2), board: "board"))
        #expect(loaded.outputs == [Output(name: "bin-1", light: 1, board: "board")])
    }

    @Test func severalBoardsLoadWithTheirInputsAndLightsOnEach() throws {
        let loaded = try StationFixture.twoBoards().load()
        #expect(loaded.boards.map(\.name) == ["left", "right"])
        #expect(loaded.boards.map(\.selector.serial) == ["SB-L", "SB-R"])
        #expect(loaded.input(named: "bin-3")?.source == .board(.sensor(1), board: "right"))
        #expect(loaded.input(named: "bin-1")?.source == .board(.sensor(1), board: "left"), "sensor 1 on each board is no clash")
        #expect(loaded.input(named: "torque")?.source == .board(.tool(1), board: "left"))
        #expect(loaded.outputs == [Output(name: "bin-1", light: 1, board: "left"), Output(name: "bin-3", light: 1, board: "right")])
        #expect(loaded.board == loaded.boards.first?.selector)
    }

    @Test func boardAndBoardsTogetherAreRefused() {
        let yaml = StationFixture.twoBoardsYAML.replacingOccurrences(of: "boards:\n", with: "board: { vendor: 0x1209, product: 0x0002 }\nboards:\n")
        let found = errors(StationFixture(station: yaml, products: ["pair": StationFixture.pairProductYAML]))
        let refusal = found.first { $0.field == "boards" }
        #expect(refusal?.message.contains("not both") == true)
        #expect(refusal?.line == line(of: "boards:", in: yaml) + 1, "at the boards' mapping")
        let empty = errors(station(replacing: "board: { vendor: 0x1209, product: 0x0001 }", with: "boards: {}"))
        #expect(empty.contains { $0.field == "boards" && $0.message == "expected at least one board" })
    }

    @Test func anUnknownBoardNameIsRefusedWhereItIsUsed() {
        let found = errors(twoBoards(replacing: "sensor: 1, name: right", with: "sensor: 1, name: middle"))
        #expect(found.map(\.field) == ["inputs.bin-3.board.name"])
        #expect(found.first?.message == "unknown board 'middle'; expected one of: left, right")
        #expect(found.first?.line == line(of: "name: middle", in: StationFixture.twoBoardsYAML.replacingOccurrences(
            of: "sensor: 1, name: right", with: "sensor: 1, name: middle")))
        let output = errors(twoBoards(replacing: "light: 1, name: right", with: "light: 1, name: middle"))
        #expect(output.map(\.field) == ["outputs.bin-3.board.name"])
        let typo = errors(twoBoards(replacing: "sensor: 1, name: right", with: "sensor: 1, name: rigth"))
        #expect(typo.first?.message.hasSuffix("(did you mean 'right'?)") == true)
    }

    @Test func aBoardInputMustNameItsBoardAmongSeveral() {
        let found = errors(twoBoards(replacing: "tool: 1, name: left", with: "tool: 1"))
        #expect(found.map(\.field) == ["inputs.torque.board"])
        #expect(found.first?.message.contains("expected name:") == true)
    }

    @Test func boardsOfOneKindNeedDistinctSerials() {
        let same = errors(twoBoards(replacing: "serial: SB-R", with: "serial: SB-L"))
        #expect(same.map(\.field) == ["boards.right.serial"])
        #expect(same.first?.message == "serial 'SB-L' is already board 'left'; expected a different serial per board")
        let missing = errors(twoBoards(replacing: ", serial: SB-R", with: ""))
        #expect(missing.map(\.field) == ["boards.right"])
        #expect(missing.first?.message.contains("expected serial: to tell them apart") == true)
        #expect(errors(twoBoards(replacing: "product: 0x0001, serial: SB-R", with: "product: 0x0002")).isEmpty,
                "boards of different kinds need no serial")
    }

    @Test func lightsAndChannelsAreUniquePerBoard() {
        let found = errors(twoBoards(replacing: "bin-2:   { board: { sensor: 2, name: left } }", with: "bin-2:   { board: { sensor: 1, name: left } }"))
        #expect(found.map(\.message) == ["the same board channel is already input 'bin-1'"])
    }

    @Test func duplicateKeysAreRefused() {
        let found = errors(station(replacing: "name: Test station", with: "name: Test station\nname: Again"))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("duplicate key") == true)
    }

    @Test func missingRequiredKeyIsReported() {
        let found = errors(product(replacing: "norm_time_s: 60\n", with: ""))
        #expect(found.map(\.message) == ["missing required key 'norm_time_s'"])
        #expect(found.first?.line == 1)
    }

    @Test func brokenStationYamlStillChecksProductsStructure() {
        let fixture = StationFixture(station: "station: [", products: ["lamp": StationFixture.productYAML.replacingOccurrences(of: "id: pick", with: "idd: pick")])
        let found = errors(fixture)
        #expect(found.contains { $0.file.hasSuffix("station.yaml") })
        #expect(found.contains { $0.file.hasSuffix("lamp.yaml") && $0.field == "steps[0].idd" })
    }

    // MARK: Hostile values (issue 11)

    @Test(arguments: [
        ("  bin-3: { x: 320", "  -bin-3: { x: 320", "zones.-bin-3", "not a valid zone name"),
        ("  help:    { evdev:", "  -rf:    { evdev:", "inputs.-rf", "not a valid input name"),
        ("supervisors: [S001]", "supervisors: [\"-S001\"]", "supervisors[0]", "not a valid badge id"),
        ("supervisors: [S001]", "supervisors: [\"=cmd|calc\"]", "supervisors[0]", "not a valid badge id"),
        ("  height: 800\n", "  height: 800\n  output: \"\"\n", "projector.output", "expected a framebuffer device path"),
        ("  height: 800\n", "  height: 800\n  output: fb0\n", "projector.output", "expected a framebuffer device path"),
        ("name: Test station", "name: \"Test\\e[2J station\"", "name", "without control characters, found U+001B"),
        ("  width: 1280\n  height: 800", "  width: 16384\n  height: 16384", "projector.width", "more than the 8.3 million pixels"),
    ])
    func unsafeStationValuesAreRefusedWhereTheyAre(old: String, new: String, field: String, message: String) throws {
        let fixture = station(replacing: old, with: new)
        let found = errors(fixture).filter { $0.field == field }
        #expect(found.count == 1, "\(errors(fixture))")
        #expect(found.first?.message.contains(message) == true, "\(found)")
        let text = StationFixture.stationYAML.replacingOccurrences(of: old, with: new)
        let where_ = field == "projector.width" ? "width: 16384" : new.split(separator: "\n").last.map(String.init) ?? new
        #expect(found.first?.line == line(of: where_, in: text))
    }

    @Test(arguments: [
        ("  - id: check", "  - id: -check", "steps[4].id", "not a valid step id"),
        ("  - id: check", "  - id: \"check\\x1B]0;pwned\\x07\"", "steps[4].id", "without control characters"),
        ("  - id: check", "  - id: " + String(repeating: "c", count: 65), "steps[4].id", "at most 64"),
        ("text: { nl: \"Druk op de knop\"", "text: { nl: \"Druk\\r op\"", "steps[4].text.nl", "without control characters, found U+000D"),
        ("norm_time_s: 60", "norm_time_s: 0.0001", "norm_time_s", "of at least 1"),
        ("norm_time_s: 60", "norm_time_s: 0.999", "norm_time_s", "of at least 1"),
        ("done: { input: torque, ok: true, count: 2 }", "done: { input: torque, ok: true, count: 99999999999999999999999 }",
         "steps[1].done.count", "out of range; expected 1 to 1000"),
    ])
    func unsafeProductValuesAreRefusedWhereTheyAre(old: String, new: String, field: String, message: String) {
        let found = errors(product(replacing: old, with: new)).filter { $0.field == field }
        #expect(found.count == 1)
        #expect(found.first?.message.contains(message) == true, "\(found)")
        #expect(found.first?.line == line(of: new, in: StationFixture.productYAML.replacingOccurrences(of: old, with: new)))
    }

    @Test func aNormOfOneSecondIsAccepted() throws {
        let loaded = try product(replacing: "norm_time_s: 60", with: "norm_time_s: 1").load()
        #expect(loaded.product(withID: "lamp")?.normTime == 1_000_000)
    }

    @Test func tooManyStepsAreRefused() {
        let step = "\n  - id: s%d\n    text: { nl: x }\n    done: { input: confirm }"
        let steps = (0...StationLimits.steps).map { step.replacingOccurrences(of: "%d", with: String($0)) }.joined()
        let found = errors(StationFixture(products: ["cap": "product: cap\nname: { nl: Dop }\nnorm_time_s: 10\nsteps:" + steps]))
        #expect(found.map(\.field) == ["steps"])
        #expect(found.first?.message.contains("at most \(StationLimits.steps) entries, found \(StationLimits.steps + 1)") == true)
    }

    @Test func aHiddenProductFileIsIgnoredAndTheFileNameMessageIsPlain() throws {
        let fixture = StationFixture()
        fixture.directory.write("test-1/products/.yaml", "garbage: [")
        fixture.directory.write("test-1/products/._lamp.yaml", "\u{0}\u{5}binary")
        let result = fixture.check()
        #expect(result.station?.products.count == 2)
        #expect(result.diagnostics.map(\.message).filter { !$0.contains("no label") }
            == ["ignored: a hidden file is not a product", "ignored: a hidden file is not a product"])

        fixture.directory.write("test-1/products/cap.yaml.yaml", StationFixture.otherProductYAML)
        let found = errors(fixture)
        #expect(found.map(\.message) == ["product id 'cap' must equal its file name without .yaml ('cap.yaml.yaml')"])
    }

    @Test func diagnosticFormatIsFileLineColumnFieldMessage() {
        let diagnostic = Diagnostic(file: "s/station.yaml", line: 3, column: 7, field: "zones.a.w", message: "expected a number")
        #expect(diagnostic.description == "s/station.yaml:3:7: error: zones.a.w: expected a number")
    }
}
