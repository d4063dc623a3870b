import Foundation
import StationModel

/// A temporary folder, removed when the value is released.
public final class TemporaryDirectory {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "oss-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `relative` (creating folders) and returns the full path.
    @discardableResult
    public func write(_ relative: String, _ text: String) -> String {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try! text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }
}

/// The repository and the contracts folder beside it.
public enum Repository {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared` beside the project root, holding the given contracts.
    public static var shared: String { (root as NSString).deletingLastPathComponent + "/shared" }

    /// The reference example: `../shared/examples/demo-1` when the contracts
    /// are beside the project (as in CI), else the copy in Tests/Fixtures.
    public static var demo1: String {
        FileManager.default.fileExists(atPath: sharedDemo1 + "/station.yaml") ? sharedDemo1 : fixtureDemo1
    }

    public static var sharedDemo1: String { shared + "/examples/demo-1" }
    public static var fixtureDemo1: String { root + "/Tests/Fixtures/demo-1" }
}

/// A small station written like the spec's example, in a temporary folder.
/// Tests change it by replacing lines of the YAML before loading.
public struct StationFixture {
    public static let stationYAML = """
        station: test-1
        name: Test station
        language: nl
        table: { width_mm: 1200, depth_mm: 800 }
        projector:
          width: 1280
          height: 800
          calibration:
            - { table: [0, 0],      pixel: [64, 40] }
            - { table: [1200, 0],   pixel: [1216, 52] }
            - { table: [1200, 800], pixel: [1200, 780] }
            - { table: [0, 800],    pixel: [70, 770] }
        board: { vendor: 0x1209, product: 0x0001 }
        inputs:
          confirm: { evdev: { device: "Station Buttons", key: BTN_0 } }
          help:    { evdev: { device: "Station Buttons", key: BTN_1 } }
          badge:   { evdev: { device: "RFID Reader", text: true } }
          scanner: { evdev: { device: "Barcode Scanner", text: true } }
          bin-1:   { board: { sensor: 1 } }
          bin-2:   { board: { sensor: 2 } }
          bin-3:   { board: { sensor: 3 } }
          torque:  { board: { tool: 1 } }
        outputs:
          bin-1: { board: { light: 1 } }
        zones:
          bin-1: { x: 40,  y: 40, w: 120, h: 90 }
          bin-2: { x: 180, y: 40, w: 120, h: 90 }
          bin-3: { x: 320, y: 40, w: 120, h: 90 }
          panel: { x: 880, y: 40, w: 280, h: 720 }
        roles:
          acknowledge: confirm
          help: help
          login: badge
          select: scanner
        supervisors: [S001]
        """

    /// The station with two boards of one kind, told apart by serial:
    /// `left` (bin-1, bin-2, torque; light 1 for bin-1) and `right` (bin-3 on
    /// its sensor 1; light 1 for bin-3).
    public static let twoBoardsYAML = stationYAML
        .replacingOccurrences(of: "board: { vendor: 0x1209, product: 0x0001 }\n", with: """
            boards:
              left:  { vendor: 0x1209, product: 0x0001, serial: SB-L }
              right: { vendor: 0x1209, product: 0x0001, serial: SB-R }

            """)
        .replacingOccurrences(of: "bin-1:   { board: { sensor: 1 } }", with: "bin-1:   { board: { sensor: 1, name: left } }")
        .replacingOccurrences(of: "bin-2:   { board: { sensor: 2 } }", with: "bin-2:   { board: { sensor: 2, name: left } }")
        .replacingOccurrences(of: "bin-3:   { board: { sensor: 3 } }", with: "bin-3:   { board: { sensor: 1, name: right } }")
        .replacingOccurrences(of: "torque:  { board: { tool: 1 } }", with: "torque:  { board: { tool: 1, name: left } }")
        .replacingOccurrences(of: "  bin-1: { board: { light: 1 } }", with: """
              bin-1: { board: { light: 1, name: left } }
              bin-3: { board: { light: 1, name: right } }
            """)

    /// For the two-board station: one step at bin-3 (right board), then one at bin-1 (left board), each lit.
    public static let pairProductYAML = """
        product: pair
        name: { nl: Paar }
        norm_time_s: 10
        steps:
          - id: right
            text: { nl: "Pak uit bak 3" }
            light: [bin-3]
            done: { input: bin-3 }
          - id: left
            text: { nl: "Pak uit bak 1" }
            light: [bin-1]
            done: { input: bin-1 }
        """

    /// Steps: pick (bin-1, wrong bin-2, max 10 s) → screws (torque ×2) →
    /// serial (scanner match, clear auto) → seal (bin-3, clear supervisor) →
    /// check (confirm).
    public static let productYAML = """
        product: lamp
        name: { nl: Lamp, en: Lamp }
        norm_time_s: 60
        steps:
          - id: pick
            text: { nl: "Pak uit bak 1", en: "Take from bin 1" }
            show: [bin-1]
            light: [bin-1]
            done: { input: bin-1 }
            wrong: [bin-2]
            max_s: 10
          - id: screws
            text: { nl: "Draai 2 schroeven", en: "Tighten 2 screws" }
            done: { input: torque, ok: true, count: 2 }
          - id: serial
            text: { nl: "Scan", en: "Scan" }
            done: { input: scanner, match: "^LMP-[0-9]{3}$" }
            clear: auto
          - id: seal
            text: { nl: "Pak uit bak 3", en: "Take from bin 3" }
            done: { input: bin-3 }
            wrong: [bin-1]
            clear: supervisor
          - id: check
            text: { nl: "Druk op de knop", en: "Press the button" }
            done: { input: confirm }
        """

    /// A second product: one step at bin-2.
    public static let otherProductYAML = """
        product: cap
        name: { nl: Dop }
        norm_time_s: 10
        steps:
          - id: take
            text: { nl: "Pak uit bak 2" }
            done: { input: bin-2 }
        """

    public let directory: TemporaryDirectory
    public var stationPath: String { directory.path + "/test-1" }

    /// Writes the station; `station` and `products` replace the defaults.
    public init(station: String = stationYAML, products: [String: String] = ["lamp": productYAML, "cap": otherProductYAML]) {
        directory = TemporaryDirectory()
        directory.write("test-1/station.yaml", station)
        for (name, text) in products {
            directory.write("test-1/products/\(name).yaml", text)
        }
    }

    /// The two-board station with the `pair` and `lamp` products.
    public static func twoBoards() -> StationFixture {
        StationFixture(station: twoBoardsYAML, products: ["pair": pairProductYAML, "lamp": productYAML])
    }

    public func load() throws -> Station {
        try StationLoader.load(directory: stationPath)
    }

    public func check() -> StationLoader.Result {
        StationLoader.check(directory: stationPath)
    }
}
