import Display
import StationEngine
import StationModel
import Testing

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
        #expect(fixture.renderer.render(RendererFixture.step(0, level: 1)) == fixture.renderer.frame.bounds)
        #expect(fixture.renderer.render(RendererFixture.step(0, level: 1)) == nil)
    }

    @Test func changeRedrawsOnlyTheAffectedZonesAndThePanel() throws {
        let fixture = try RendererFixture()
        fixture.renderer.render(RendererFixture.step(0, level: 1))
        let dirty = try #require(fixture.renderer.render(RendererFixture.step(0, level: 1, error: Self.wrongPick)))
        let (bx, by) = fixture.pixel(ofZone: "bin-2"), (px, _) = fixture.pixel(ofZone: "panel")
        #expect(dirty.minX <= bx && bx < dirty.maxX && dirty.minY <= by && by < dirty.maxY)
        #expect(dirty.maxX > px, "the panel shows the error message")
        #expect(dirty.width * dirty.height < fixture.renderer.frame.width * fixture.renderer.frame.height)
    }

    @Test func partialRedrawsGiveTheSamePictureAsAFullRedraw() throws {
        let sequence = [
            DisplayModel(), DisplayModel(screen: .idle(worker: "W1")), RendererFixture.step(0, level: 1),
            RendererFixture.step(0, level: 1, error: Self.wrongPick), RendererFixture.step(0, level: 1, error: Self.wrongPick, blocked: true),
            RendererFixture.step(1, level: 2), RendererFixture.step(1, level: 2, counted: 1, needed: 2),
            RendererFixture.step(3, level: 3, error: ErrorView(kind: .wrongInput, input: "bin-1", clear: .supervisor)),
            DisplayModel(screen: RendererFixture.step(0, level: 1).screen, celebrating: true), DisplayModel(offline: true),
        ]
        let incremental = try RendererFixture(), full = try RendererFixture()
        for model in sequence {
            incremental.renderer.render(model)
            full.renderer.redrawAll(model)
            #expect(incremental.renderer.frame == full.renderer.frame)
        }
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
