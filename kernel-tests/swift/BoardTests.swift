import BoardLink
import BoardProtocol
import Foundation
import InputMapping
import StationEngine
import StationModel

/// The station board as a FunctionFS gadget on dummy_hcd (board_gadget plays
/// the firmware with the C reference codec); BoardLink's USBBoard talks to it
/// through libusb, BoardMapper turns what arrives into inputs.
enum BoardTests {
    final class Link {
        let context: USBContext
        let board: USBBoard
        var outputs: [BoardMapper.Output] = []
        var goneCount = 0
        var sequence: UInt8 = 0

        /// A fresh libusb context per plug: the guest runs no udevd, so a
        /// context never hears of a device that appears after it was made.
        init(mapper: BoardMapper) throws {
            var opened: (USBContext, USBBoard)?, problem = "no such device"
            do {
                try wait(10, for: "the board 1209:0001 to enumerate") {
                    do {
                        let context = try USBContext()
                        if let board = try USBBoard.open(context: context, vendor: 0x1209, product: 0x0001) { opened = (context, board) }
                    } catch { problem = "\(error)" }
                    return opened != nil
                }
            } catch {
                let devices = (try? FileManager.default.subpathsOfDirectory(atPath: "/dev/bus/usb")) ?? []
                throw Failure("\(error): last \(problem); /dev/bus/usb: \(devices)")
            }
            context = opened!.0
            board = opened!.1
            var mapper = mapper
            board.onTransfer = { [unowned self] bytes in outputs += mapper.map(transfer: bytes) }
            board.onGone = { [unowned self] _ in goneCount += 1 }
        }

        func send(_ message: BoardMessage) throws {
            sequence &+= 1
            do { try board.send(BoardEncoder.encode(BoardFrame(sequence: sequence, message: message))) } catch { throw Failure("send: \(error)") }
        }

        /// Handles USB events until `done` holds.
        func pump(_ seconds: Double = 5, for what: String, until done: () -> Bool) throws {
            try wait(seconds, for: what) {
                context.handleEvents()
                return done()
            }
        }

        var inputs: [EngineInput] { outputs.compactMap { if case .input(let input) = $0 { input } else { nil } } }
        var controls: [BoardMessage] { outputs.compactMap { if case .control(let frame) = $0 { frame.message } else { nil } } }
        var drops: [String] { outputs.compactMap { if case .dropped(let reason) = $0 { reason } else { nil } } }
    }

    static func gadget(_ action: String) throws { try runTool("/rig/gadget.sh", [action]) }

    /// HELLO → IDENTIFY, as the runtime's BoardSession does on connect.
    static func identify(_ link: Link) throws -> BoardIdentity {
        try link.send(.hello(protocolVersion: BoardFraming.protocolVersion))
        var identity: BoardIdentity?
        try link.pump(for: "IDENTIFY") {
            identity = link.controls.lazy.compactMap { if case .identify(let id) = $0 { id } else { nil } }.first
            return identity != nil
        }
        return identity!
    }

    static func run() {
        let station: Station, firmware: Helper
        do {
            station = try StationLoader.load(directory: "/rig/stations/fietslamp-1")
            try gadget("up")
            firmware = try Helper("board_gadget", ["/dev/ffs-oss"])
            let ready = try firmware.line()
            guard ready == "ready" else { throw Failure("board_gadget: \(ready)") }
            try gadget("bind")
        } catch {
            Report.test("board-rig") { throw Failure("\(error)") }
            return
        }
        let mapper = BoardMapper(station: station)
        var link: Link?

        Report.test("board-enumerates-identifies") {
            let opened = try Link(mapper: mapper)
            link = opened
            let identity = try identify(opened)
            try expect(identity.serial == "SB-0101" && identity.sensors == 8 && identity.lights == 3 && identity.tools == 1,
                       "identity \(identity)")
            let state = fields(try firmware.send("state"))
            try expect(state["hellos"] == "1" && state["bad"] == "0", "firmware saw \(state)")
            return "IDENTIFY serial \(identity.serial), 8 sensors, 3 lights, 1 tool; firmware decoded 1 HELLO"
        }
        guard let first = link else { return }

        Report.test("board-picks") {
            first.outputs.removeAll()
            for channel in [1, 2, 3, 8] { firmware.post("pick \(channel)") }
            try first.pump(for: "4 picks") { first.inputs.count >= 4 }
            for _ in 0..<4 { try firmware.answer(to: "pick") }
            let names = first.inputs.map { if case .input(let name, .press) = $0 { name } else { "\($0)" } }
            try expect(names == ["bin-1", "bin-2", "bin-3", "fixture"] && first.drops.isEmpty, "inputs \(first.inputs), dropped \(first.drops)")
            return "bin-1, bin-2, bin-3, fixture pressed once each (releases ignored)"
        }
        Report.test("board-lights") {
            try first.send(.setLights([true, false, true]))
            try first.pump(for: "the board to take the first lights") { fields((try? firmware.send("state")) ?? "")["light_frames"] == "1" }
            let one = fields(try firmware.send("state"))
            try first.send(.setLights([false, true, false]))
            try first.pump(for: "the board to take the second lights") { fields((try? firmware.send("state")) ?? "")["light_frames"] == "2" }
            let two = fields(try firmware.send("state"))
            try expect(one["lights"] == "101" && two["lights"] == "010" && two["bad"] == "0", "firmware lights \(one) then \(two)")
            return "firmware decoded lights 101 then 010"
        }
        Report.test("board-tool-results") {
            first.outputs.removeAll()
            firmware.post("tool 1 1 2500 900")
            firmware.post("tool 1 0 120 45")
            try first.pump(for: "2 tool results") { first.inputs.count >= 2 }
            try firmware.answer(to: "tool"); try firmware.answer(to: "tool")
            try expect(first.inputs == [.input("torque", .tool(ok: true)), .input("torque", .tool(ok: false))], "inputs \(first.inputs)")
            return "torque ok, then torque not ok"
        }
        Report.test("board-heartbeats") {
            first.outputs.removeAll()
            firmware.post("heartbeat 5")
            let beats = { first.controls.compactMap { if case .heartbeat(let time) = $0 { time } else { nil } } }
            try first.pump(for: "5 heartbeats") { beats().count >= 5 }
            try firmware.answer(to: "heartbeat")
            let times = beats()
            try expect(times.count == 5 && zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "heartbeat times \(times)")
            return "5 heartbeats, times rising"
        }
        Report.test("board-ping-pong") {
            first.outputs.removeAll()
            try first.send(.ping(token: 0xC0FF_EE42))
            try first.pump(for: "PONG") { !first.controls.isEmpty }
            try expect(first.controls == [.pong(token: 0xC0FF_EE42)], "got \(first.controls)")
            return "PONG with the same token"
        }
        var current = first
        Report.test("board-unplug-replug-20-times") {
            for round in 1...20 {
                try gadget("unbind")
                try current.pump(for: "unplug \(round) to be noticed") { current.goneCount > 0 }
                try expect(current.goneCount == 1, "unplug \(round) reported \(current.goneCount) times")
                try expect((try? current.board.send(BoardEncoder.encode(BoardFrame(sequence: 1, message: .ping(token: 1))))) == nil,
                           "send after unplug \(round) did not fail")
                current.board.close()
                try gadget("bind")
                current = try Link(mapper: mapper)
                let identity = try identify(current)
                try expect(identity.serial == "SB-0101", "replug \(round): identity \(identity)")
                firmware.post("pick 2")
                try current.pump(for: "a pick after replug \(round)") { current.inputs.count >= 1 }
                try firmware.answer(to: "pick")
                try expect(current.inputs == [.input("bin-2", .press)], "replug \(round): inputs \(current.inputs)")
            }
            return "20 × (unplug reported once, send refused, replug identifies, pick bin-2 arrives once)"
        }
        current.board.close()
        firmware.process.terminate()
    }
}
