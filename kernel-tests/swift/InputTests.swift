import Evdev
import Foundation
import InputMapping
import StationEngine
import StationModel

/// uinput devices named as in stations/fietslamp-1 (buttons, badge reader,
/// barcode scanner), read through Evdev and mapped by EvdevMapper, the way
/// `oss run` reads them.
enum InputTests {
    static let btn0 = 256, btn1 = 257

    /// One emulated device: the rig's uinput_device, and the project's EvdevDevice on its node.
    final class Emulated {
        let helper: Helper
        let node: String
        init(_ name: String, product: Int) throws {
            helper = try Helper("uinput_device", [name, "0x1209", String(format: "0x%04x", product)])
            let ready = try helper.line()
            guard ready.hasPrefix("ready"), let node = fields(ready)["node"] else { throw Failure("uinput_device: \(ready)") }
            self.node = node
        }
        func open() throws -> EvdevDevice {
            do { return try EvdevDevice(path: node) } catch { throw Failure("\(error)") }
        }
    }

    /// Reads and maps until `done` holds (then `settle` seconds more) or `seconds` pass.
    static func collect(_ device: EvdevDevice, _ mapper: inout EvdevMapper, seconds: Double = 10, settle: Double = 0.3,
                        until done: ([EvdevMapper.Output]) -> Bool) throws -> [EvdevMapper.Output] {
        var outputs: [EvdevMapper.Output] = []
        var settledAt: Double?
        let deadline = monotonicSeconds() + seconds
        while monotonicSeconds() < deadline {
            var events: [EvdevEvent] = []
            if case .gone(let error) = device.readAvailable(into: &events) { throw Failure("device gone while reading: \(error)") }
            let now = Micros(monotonicSeconds() * 1_000_000)
            for event in events { if let output = mapper.map(event, at: now) { outputs.append(output) } }
            if settledAt == nil, done(outputs) { settledAt = monotonicSeconds() }
            if let settledAt, monotonicSeconds() - settledAt >= settle { return outputs }
            Thread.sleep(forTimeInterval: 0.002)
        }
        return outputs
    }

    static func inputs(_ outputs: [EvdevMapper.Output]) -> [EngineInput] {
        outputs.compactMap { if case .input(let input) = $0 { input } else { nil } }
    }
    static func texts(_ outputs: [EvdevMapper.Output], _ name: String) -> [String] {
        inputs(outputs).compactMap { if case .input(name, .text(let text)) = $0 { text } else { nil } }
    }
    static func presses(_ outputs: [EvdevMapper.Output], _ name: String) -> Int {
        inputs(outputs).filter { $0 == .input(name, .press) }.count
    }
    static func drops(_ outputs: [EvdevMapper.Output]) -> [String] {
        outputs.compactMap { if case .dropped(let reason) = $0 { reason } else { nil } }
    }

    static func run() {
        let station: Station
        do { station = try StationLoader.load(directory: "/rig/stations/fietslamp-1") } catch {
            Report.test("input-station") { throw Failure("\(error)") }
            return
        }
        var mapper = EvdevMapper(station: station, describe: EvdevNames.describe)
        var buttons: Emulated?, badge: Emulated?, scanner: Emulated?

        Report.test("input-devices-found-and-served") {
            buttons = try Emulated("Station Buttons", product: 0x10)
            badge = try Emulated("RFID Reader", product: 0x11)
            scanner = try Emulated("Barcode Scanner", product: 0x12)
            let found = EvdevDiscovery.scan().found
            var served: [String] = []
            for name in ["Station Buttons", "RFID Reader", "Barcode Scanner"] {
                guard let device = found.first(where: { $0.identity.name == name }) else { throw Failure("scan did not find \(name): \(found)") }
                served += mapper.inputs(servedBy: device.identity)
            }
            try expect(served == ["confirm", "help", "badge", "scanner"], "served inputs \(served)")
            return "3 devices, inputs \(served)"
        }
        guard let buttons, let badge, let scanner else { return }

        Report.test("input-buttons-real-speed") {
            let device = try buttons.open()
            buttons.helper.post("taps \(btn0) 5 8000")
            buttons.helper.post("taps \(btn1) 3 8000")
            let outputs = try collect(device, &mapper) { presses($0, "confirm") >= 5 && presses($0, "help") >= 3 }
            try buttons.helper.answer(to: "taps")
            try buttons.helper.answer(to: "taps")
            let got = inputs(outputs)
            let wanted = Array(repeating: EngineInput.input("confirm", .press), count: 5) + Array(repeating: .input("help", .press), count: 3)
            try expect(got == wanted, "inputs \(got)")
            return "5 confirm + 3 help presses, each once"
        }
        Report.test("input-badge-real-speed") {
            let device = try badge.open()
            badge.helper.post("type S001 8000")
            let outputs = try collect(device, &mapper) { !texts($0, "badge").isEmpty }
            try badge.helper.answer(to: "type")
            try expect(inputs(outputs) == [.input("badge", .text("S001"))], "outputs \(outputs)")
            return "badge text S001 once"
        }
        let codes = (1...10).map { "4006381-\($0)" }
        Report.test("input-scanner-real-speed") {
            let device = try scanner.open()
            for code in codes { scanner.helper.post("type \(code) 8000") }
            let outputs = try collect(device, &mapper, seconds: 20) { texts($0, "scanner").count >= codes.count }
            for _ in codes { try scanner.helper.answer(to: "type") }
            try expect(texts(outputs, "scanner") == codes && drops(outputs).isEmpty, "outputs \(outputs)")
            return "\(codes.count) scans, each once, in order"
        }
        Report.test("input-scanner-burst-overflows-no-duplicate-no-partial") {
            let device = try scanner.open()
            let answer = try scanner.helper.send("burst Burst-4711 60")   // written while nobody reads
            let outputs = try collect(device, &mapper, seconds: 3) { _ in false }
            let got = texts(outputs, "scanner")
            try expect(drops(outputs).contains { $0.contains("SYN_DROPPED") }, "no SYN_DROPPED after \(answer): \(outputs.count) outputs")
            try expect(got.allSatisfy { $0 == "Burst-4711" }, "a partial or foreign text arrived: \(got)")
            try expect(got.count <= 60, "\(got.count) texts from 60 scans")
            return "\(answer.dropFirst(3)), SYN_DROPPED reported; \(got.count) whole texts arrived, no partial one"
        }
        Report.test("input-scan-after-overflow-exactly-once") {
            let device = try scanner.open()
            try scanner.helper.send("burst Lost-1 60")
            _ = try collect(device, &mapper, seconds: 2) { _ in false }
            scanner.helper.post("type After-1 8000")
            scanner.helper.post("type After-2 8000")
            let outputs = try collect(device, &mapper) { texts($0, "scanner").contains("After-2") }
            try scanner.helper.answer(to: "type")
            try scanner.helper.answer(to: "type")
            let got = texts(outputs, "scanner")
            try expect(got == ["After-1", "After-2"], "scans typed after the overflow gave \(got); dropped \(drops(outputs))")
            return "both scans typed after the overflow arrived once"
        }
        Report.test("input-button-held-across-overflow-exactly-once") {
            let device = try buttons.open()
            try buttons.helper.send("taps \(btn1) 400 0")
            try buttons.helper.send("press \(btn0)")
            let outputs = try collect(device, &mapper, seconds: 2) { _ in false }
            try buttons.helper.send("release \(btn0)")
            let confirms = presses(outputs, "confirm"), helps = presses(outputs, "help")
            try expect(drops(outputs).contains { $0.contains("SYN_DROPPED") }, "no overflow happened: \(outputs.count) outputs")
            try expect(helps <= 400, "\(helps) help presses from 400")
            try expect(confirms == 1, "confirm, held down when the buffer overflowed, arrived \(confirms) times (libevdev's sync reports it down)")
            return "confirm once, \(helps) of 400 help taps"
        }
        Report.test("input-grab-exclusive") {
            let grabbed = try scanner.open(), other = try scanner.open()
            do { try grabbed.grab() } catch { throw Failure("EVIOCGRAB: \(error)") }
            try expect(grabbed.grabbed, "grabbed flag not set")
            scanner.helper.post("type Grab-1 8000")
            let outputs = try collect(grabbed, &mapper) { texts($0, "scanner").contains("Grab-1") }
            try scanner.helper.answer(to: "type")
            var leaked: [EvdevEvent] = []
            _ = other.readAvailable(into: &leaked)
            try expect(texts(outputs, "scanner") == ["Grab-1"], "grabbed reader got \(outputs)")
            try expect(leaked.isEmpty, "a second reader saw \(leaked.count) events during the grab")
            return "grabbing reader got Grab-1 once, the other reader 0 events"
        }
        Report.test("input-unplug-reported") {
            let device = try scanner.open()
            try scanner.helper.send("destroy")
            scanner.helper.finish()
            var gone = ""
            try wait(5, for: "the unplugged scanner to be reported gone") {
                var events: [EvdevEvent] = []
                if case .gone(let error) = device.readAvailable(into: &events) { gone = "\(error)"; return true }
                return false
            }
            try expect(!FileManager.default.fileExists(atPath: scanner.node), "\(scanner.node) still exists")
            return "readAvailable → gone (\(gone)), node removed"
        }
        Report.test("input-replug-found-again") {
            let again = try Emulated("Barcode Scanner", product: 0x12)
            let found = EvdevDiscovery.scan().found.filter { $0.identity.name == "Barcode Scanner" }
            try expect(found.map(\.path) == [again.node], "scan found \(found)")
            let device = try again.open()
            again.helper.post("type Replug-1 8000")
            let outputs = try collect(device, &mapper) { texts($0, "scanner").contains("Replug-1") }
            try again.helper.answer(to: "type")
            try expect(texts(outputs, "scanner") == ["Replug-1"], "after replug: \(outputs)")
            again.helper.finish()
            return "new node \(again.node), scan Replug-1 once"
        }
        buttons.helper.finish()
        badge.helper.finish()
    }
}
