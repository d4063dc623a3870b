import Foundation
import FrameOutput
import Journal
import Replay
import Scripts
import StationModel
import Testing
import TestSupport

/// The frames of a station we wrote, read back by OCR (tesseract, Dutch) as
/// a worker would read the table: the labels must be there, an input id
/// never. The ids are chosen so that OCR cannot make words of them.
@Suite("Projected text read by OCR")
struct ProjectedTextOCRTests {
    /// The fixture station's table, projector and board, with Dutch labels.
    static let station = StationFixture.stationYAML.components(separatedBy: "inputs:")[0]
        .replacingOccurrences(of: "station: test-1", with: "station: werkbank-3")
        + """
        inputs:
          knop-ok-04:   { evdev: { device: "Station Buttons", key: BTN_0 }, label: { nl: "de groene knop" } }
          knop-hulp-05: { evdev: { device: "Station Buttons", key: BTN_1 }, label: { nl: "de knop Hulp" } }
          badge:        { evdev: { device: "RFID Reader", text: true }, label: { nl: "de paslezer" } }
          scanner:      { evdev: { device: "Barcode Scanner", text: true }, label: { nl: "de scanner" } }
          pick-left-07: { board: { sensor: 1 }, label: { nl: "bakje 1 (blauw)" } }
          bin-2:        { board: { sensor: 2 }, label: { nl: "bakje 2 (rood)" } }
        outputs:
          pick-left-07: { board: { light: 1 } }
          bin-2:        { board: { light: 2 } }
        zones:
          pick-left-07: { x: 40,  y: 40, w: 160, h: 110 }
          bin-2:        { x: 240, y: 40, w: 160, h: 110 }
          panel:        { x: 880, y: 40, w: 280, h: 720 }
        roles:
          acknowledge: knop-ok-04
          help: knop-hulp-05
          login: badge
          select: scanner
        supervisors: [S001]
        """

    static let product = """
        product: stekker
        name: { nl: Stekker }
        norm_time_s: 30
        steps:
          - id: pak-rood
            text: { nl: "Pak een schroevendraaier uit bakje 2" }
            show: [bin-2]
            light: [bin-2]
            done: { input: bin-2 }
            wrong: [pick-left-07]
          - id: pak-blauw
            text: { nl: "Pak een dop uit bakje 1" }
            show: [pick-left-07]
            light: [pick-left-07]
            done: { input: pick-left-07 }
        """

    /// Login, product, a wrong pick (cleared with the green button), help, the right pick.
    static let script = """
        {"t": 0, "login": "W001"}
        {"t": 1, "product": "stekker"}
        {"t": 2, "input": "pick-left-07"}
        {"t": 3, "input": "knop-ok-04"}
        {"t": 4, "input": "knop-hulp-05"}
        {"t": 5, "input": "bin-2"}
        """

    static let inputIDs = ["knop-ok-04", "knop-hulp-05", "badge", "scanner", "pick-left-07", "bin-2"]

    @Test func framesShowTheLabelsAndNeverAnInputID() throws {
        let tesseract = try Self.tesseract()
        let temp = TemporaryDirectory()
        temp.write("werkbank-3/station.yaml", Self.station)
        temp.write("werkbank-3/products/stekker.yaml", Self.product)
        let station = try StationLoader.load(directory: temp.path + "/werkbank-3")
        let writer = try PNGFrameWriter(directory: temp.path + "/frames", renderer: PNGFrameWriter.renderer(for: station))
        let script = try EventScript.parse(Self.script, file: "script", station: station)
        var trace: [String] = []
        _ = try Simulation(station: station, journal: Journal(path: temp.path + "/j.db"), origin: 0, frames: writer)
            .run(script) { trace.append($0.type) }
        #expect(trace[3] == "error")

        let files = try FileManager.default.contentsOfDirectory(atPath: temp.path + "/frames").sorted()
        var read: [String: String] = [:]
        for file in files { read[file] = try Self.ocr(temp.path + "/frames/" + file, tesseract: tesseract) }
        let all = read.values.joined(separator: "\n")

        // The wrong pick's frame (event 4) says which bin, with labels, and what to do.
        let error = Self.words(try #require(read["000004.png"], "frames: \(files)"))
        for expected in ["fout", "verkeerde bakje", "bakje 1 (blauw)", "groene knop", "bakje 2 (rood)"] {
            #expect(error.contains(expected), "OCR of the error frame: \(error)")
        }
        // The step text, its long word hyphenated, and the help line.
        let words = Self.words(all)
        for expected in ["stap 1 van 2", "schroevendraaier", "hulp"] {
            #expect(words.contains(expected), "OCR of all frames: \(words)")
        }
        // No id, however OCR spaces or dashes it.
        let squeezed = Self.squeezed(all)
        for id in Self.inputIDs where !["badge", "scanner"].contains(id) {
            #expect(!squeezed.contains(Self.squeezed(id)), "input id \(id) read in: \(all)")
        }
        #expect(!words.contains("badge"), "\(all)")
    }

    /// Lowercase words separated by single spaces; a word hyphenated at a
    /// line end is joined again.
    static func words(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "-\n", with: "")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Letters and digits only: "pick left 07" and "pick_left-07" alike.
    static func squeezed(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The tesseract command with Dutch, or a failure saying what to install.
    static func tesseract() throws -> ExternalTool {
        let tesseract = try ExternalTool("tesseract", package: "tesseract-ocr")
        guard try tesseract.run(["--list-langs"]).output.split(separator: "\n").contains("nld") else {
            throw ExternalTool.Missing(description: "tesseract has no Dutch (nld): install the Debian package tesseract-ocr-nld (scripts/install-deps.sh, make test)")
        }
        return tesseract
    }

    static func ocr(_ file: String, tesseract: ExternalTool) throws -> String {
        try tesseract.run([file, "-", "-l", "nld"]).output
    }
}
