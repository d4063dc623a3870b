import Foundation
import Testing
import TestSupport

/// `oss validate` (and every command loading a station) on hostile station
/// folders: every problem reported, nothing outside the folder opened,
/// nothing from the files reaching the terminal raw.
@Suite("Station validation command")
struct StationValidationCommandTests {
    private func writePicture(_ fixture: StationFixture) throws {
        let product = StationFixture.productYAML.replacingOccurrences(of: "  - id: pick\n", with: "  - id: pick\n    image: media/pick.png\n")
        fixture.directory.write("test-1/products/lamp.yaml", product)
        try FileManager.default.createDirectory(atPath: fixture.stationPath + "/media", withIntermediateDirectories: true)
    }

    @Test func everyPathIsCheckedAlsoAfterMissingOnes() throws {
        let fixture = StationFixture()
        let run = try oss("validate", "/nonexistent/one", fixture.stationPath, "/nonexistent/two", Repository.root + "/stations")
        #expect(run.status == 1)
        #expect(run.isClean)
        #expect(run.stderr.contains("/nonexistent/one: error: no such file or folder"))
        #expect(run.stderr.contains("/nonexistent/two: error: no such file or folder"))
        #expect(run.stdout.contains("\(fixture.stationPath): ok"))
        #expect(run.stdout.contains("stations/fietslamp-1: ok"))
        #expect(run.stdout.contains("stations/inpak-2: ok"))
    }

    @Test func aPictureLinkedToASystemFileFailsValidateAndSimulate() throws {
        let fixture = StationFixture()
        try writePicture(fixture)
        try FileManager.default.createSymbolicLink(atPath: fixture.stationPath + "/media/pick.png", withDestinationPath: "/etc/shadow")
        let run = try oss("validate", fixture.stationPath)
        #expect(run.status == 1)
        #expect(run.stderr.contains("lamp.yaml:6:12: error: steps[0].image: media file 'media/pick.png' is a symbolic link"), "\(run.stderr)")
        let temp = TemporaryDirectory()
        let simulate = try oss("simulate", "--station", fixture.stationPath, "--events", Repository.demo1 + "/events.jsonl",
                               "--journal", temp.path + "/j.db")
        #expect(simulate.status != 0 && simulate.isClean)
        #expect(simulate.stderr.contains("symbolic link"))
    }

    @Test func aFileThatIsNotAPNGFailsValidate() throws {
        let fixture = StationFixture()
        try writePicture(fixture)
        fixture.directory.write("test-1/media/pick.png", "GIF89a")
        let run = try oss("validate", fixture.stationPath)
        #expect(run.status == 1)
        #expect(run.stderr.contains("'media/pick.png' is not a PNG picture"))
    }

    @Test func escapeSequencesFromTheFilesNeverReachTheTerminal() throws {
        let fixture = StationFixture(station: StationFixture.stationYAML
            .replacingOccurrences(of: "  help:    { evdev:", with: "  \"\\e]0;pwned\\a\\e[2J\": { evdev:")
            .replacingOccurrences(of: "name: Test station", with: "name: \"\\e[31mred\"")
            .replacingOccurrences(of: "acknowledge: confirm", with: "acknowledge: \"\\x9b31m\""))
        fixture.directory.write("test-1/products/\u{1B}[7m.yaml", "product: x\n")
        let run = try oss("validate", fixture.stationPath)
        #expect(run.status == 1)
        let output = run.stdout + run.stderr
        #expect(!output.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" }, "\(output.debugDescription)")
        #expect(run.stderr.contains(#"\u{1B}[7m.yaml"#))
        #expect(run.stderr.contains(#"error: inputs.\u{1B}]0;pwned\u{7}\u{1B}[2J: expected input name without control characters, found U+001B"#))
        #expect(run.stderr.contains("error: name: expected a string without control characters, found U+001B"))
        #expect(run.stderr.contains("error: roles.acknowledge: expected an input name without control characters, found U+009B"))
    }

    @Test func hugeAndExplodingFilesAreRefusedQuickly() throws {
        let fixture = StationFixture()
        let big = StationFixture.otherProductYAML + "\n" + String(repeating: "# filler line of a large product file\n", count: 1_400_000)
        fixture.directory.write("test-1/products/cap.yaml", big)
        // Each level nine aliases of the one before: 9^8 values once expanded.
        let levels = (1...7).map { "a\($0): &a\($0) [" + Array(repeating: "*a\($0 - 1)", count: 9).joined(separator: ", ") + "]" }
        fixture.directory.write("test-1/products/bomb.yaml",
                                (["product: bomb", "a0: &a0 [l, l, l, l, l, l, l, l, l]"] + levels + ["? *a7", ": 1"]).joined(separator: "\n"))
        let started = Date()
        let run = try oss("validate", fixture.stationPath)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 1 && run.isClean)
        #expect(run.stderr.contains("products/cap.yaml: error: the file holds \(big.utf8.count) bytes, more than the limit"))
        #expect(run.stderr.contains("products/bomb.yaml:2:5: error: YAML anchors (&name) are not supported"))
    }

    @Test func unsafeIdsAndAnEmptyFramebufferAreRefusedWithTheirLine() throws {
        let fixture = StationFixture(station: StationFixture.stationYAML
            .replacingOccurrences(of: "  height: 800\n", with: "  height: 800\n  output: \"\"\n")
            .replacingOccurrences(of: "supervisors: [S001]", with: "supervisors: [\"-S001\"]"))
        fixture.directory.write("test-1/products/lamp.yaml", StationFixture.productYAML
            .replacingOccurrences(of: "  - id: check", with: "  - id: \"=1+2\"")
            .replacingOccurrences(of: "norm_time_s: 60", with: "norm_time_s: 0.0004"))
        let run = try oss("validate", fixture.stationPath)
        #expect(run.status == 1)
        #expect(run.stderr.contains("station.yaml:8:11: error: projector.output: expected a framebuffer device path"), "\(run.stderr)")
        #expect(run.stderr.contains("error: supervisors[0]: '-S001' is not a valid badge id"))
        #expect(run.stderr.contains("lamp.yaml:3:14: error: norm_time_s: 0.0004 is out of range; expected a number of at least 1"))
        #expect(run.stderr.contains("error: steps[4].id: '=1+2' is not a valid step id"))
    }
}
