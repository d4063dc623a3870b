import Display
import Hyphenation
import StationModel
import Testing
import TestSupport
import Typesetting

/// The renderer's minimum text size (from the calibration) and what
/// `TextFitCheck` finds with it.
@Suite("TextFitCheck")
struct TextFitCheckTests {
    let fonts = try! FontLocator.standardFonts()

    /// The fixture station drawn at 1.5 projector pixels per table
    /// millimetre (no keystone), with `min_text_mm` when given.
    func station(minTextMM: Double? = nil, product: String = StationFixture.productYAML) throws -> (StationFixture, Station) {
        var yaml = StationFixture.stationYAML
        for (old, new) in [("[64, 40]", "[0, 0]"), ("[1216, 52]", "[1800, 0]"), ("[1200, 780]", "[1800, 1200]"), ("[70, 770]", "[0, 1200]")] {
            yaml = yaml.replacingOccurrences(of: "pixel: \(old)", with: "pixel: \(new)")
        }
        yaml = yaml.replacingOccurrences(of: "  width: 1280\n  height: 800\n", with: "  width: 1920\n  height: 1280\n")
        if let minTextMM { yaml = yaml.replacingOccurrences(of: "  width: 1920\n", with: "  width: 1920\n  min_text_mm: \(minTextMM)\n") }
        let fixture = StationFixture(station: yaml, products: ["lamp": product])
        return (fixture, try fixture.load())
    }

    @Test func theMinimumSizeIsTheCapitalHeightInMillimetresAtThePanelsScale() throws {
        for (minTextMM, capPixels) in [(nil, 15.0), (10.0, 15.0), (20.0, 30.0), (7.5, 11.25)] as [(Double?, Double)] {
            let (_, station) = try station(minTextMM: minTextMM)
            #expect(station.projector.minTextMM == minTextMM ?? 10)
            let renderer = try TableRenderer(station: station, fonts: fonts)
            let size = renderer.minimumTextSize
            // The smallest size whose capitals are that tall in both faces.
            #expect(size == max(fonts.regular.size(forCapHeight: capPixels), fonts.bold.size(forCapHeight: capPixels)))
            #expect(Double(fonts.regular.capHeight(size: size)) >= capPixels)
            #expect(Double(fonts.regular.capHeight(size: size - 1)) < capPixels || Double(fonts.bold.capHeight(size: size - 1)) < capPixels)
        }
    }

    @Test func noParagraphIsDrawnBelowTheMinimumSize() throws {
        let (_, station) = try station(minTextMM: 20)
        let renderer = try TableRenderer(station: station, fonts: fonts, hyphenation: Hyphenator(languages: ["nl"]))
        #expect(renderer.minimumTextSize > 8)
        for model in TextFitCheck.models(for: station) {
            renderer.redrawAll(model)
            #expect(!renderer.panelFit.isEmpty)
            #expect(renderer.panelFit.allSatisfy { $0.size >= renderer.minimumTextSize }, "\(renderer.panelFit)")
        }
    }

    @Test func aTextWiderThanThePanelAtTheMinimumSizeIsFoundOnce() throws {
        let number = String(repeating: "1234567890", count: 4)
        let product = StationFixture.productYAML.replacingOccurrences(of: #"nl: "Draai 2 schroeven""#, with: #"nl: "Noteer \#(number)""#)
        let (_, station) = try station(product: product)
        let renderer = try TableRenderer(station: station, fonts: fonts, hyphenation: Hyphenator(languages: ["nl"]))
        let unfit = TextFitCheck.unfitParagraphs(renderer)
        #expect(unfit.map(\.text) == ["Noteer \(number)"])
        #expect(unfit.first?.forcedBreaks == 1)
        #expect(unfit.first?.size == renderer.minimumTextSize)
    }

    @Test func theFixtureStationsTextsFit() throws {
        let (_, station) = try station()
        let renderer = try TableRenderer(station: station, fonts: fonts, hyphenation: Hyphenator(languages: ["nl"]))
        #expect(TextFitCheck.unfitParagraphs(renderer).isEmpty)
    }
}
