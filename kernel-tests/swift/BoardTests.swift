import BoardLink
import BoardProtocol
import LinuxSystem
import Display
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

    /// The id of the step the station shows (its display model).
    static func currentStep(_ loop: StationLoop) throws -> String {
        let model = loop.core.model(at: loop.now)
        guard case .step(let view) = model.screen, let product = loop.core.station.product(withID: view.product) else {
            throw Failure("the station shows no step: \(model.screen)")
        }
        return product.steps[view.index].id
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
        Report.test("board-unplug-replug-20-times-through-the-station") {
            // The board's done inputs of the rear light's steps; `controle` is a button.
            let boardInput = ["behuizing": "pick 1", "printplaat": "pick 8", "schroef": "tool 1 1 2500 900"]
            let loop = try StationLoop(station: station)
            try expect(loop.isBlocked, "the station is not blocked before the board identified itself")
            loop.attach(current.board)
            loop.connect()
            try current.pump(for: "the board to come online in the station") { !loop.isBlocked }
            loop.core.take(.engine(.badge("W101")), at: loop.now)
            loop.core.take(.engine(.product("achterlicht")), at: loop.now)
            try expect(currentStep(loop) == "behuizing", "no cycle of achterlicht runs: \(loop.events(since: 0))")
            var stepsDone = 0
            for round in 1...20 {
                // Unplug: reported once, logged, the station blocked with a `device` error.
                var mark = loop.events.count
                let logged = loop.log.count
                try gadget("unbind")
                try current.pump(for: "unplug \(round) to be noticed") { loop.unplugs == round }
                let step = try currentStep(loop)
                try expect(loop.events(since: mark) == [.error(step: step, kind: .device, input: "board")],
                           "unplug \(round): events \(loop.events(since: mark))")
                try expect(loop.log[logged...].contains { $0.hasPrefix("board offline") }, "unplug \(round) not logged: \(loop.log[logged...])")
                try expect(loop.isBlocked, "unplug \(round): the display model does not show the station blocked")
                try expect((try? current.board.send(BoardEncoder.encode(BoardFrame(sequence: 1, message: .ping(token: 1))))) == nil,
                           "send after unplug \(round) did not fail")
                current.board.close()
                // Replug: before the handshake the board's input meets a blocked station.
                try gadget("bind")
                current = try Link(mapper: mapper)
                loop.attach(current.board)
                mark = loop.events.count
                let refused = boardInput[step] ?? "pick 1", before = loop.transfers
                // The firmware's second frame waits for the host to read the first: pump, then its answer.
                firmware.post(refused)
                try current.pump(for: "the refused input's transfers \(round)") { loop.transfers >= before + (refused.hasPrefix("pick") ? 2 : 1) }
                try firmware.answer(to: refused)
                try expect(loop.events(since: mark).isEmpty && loop.isBlocked && (try currentStep(loop)) == step,
                           "replug \(round): \(refused) before IDENTIFY was taken: \(loop.events(since: mark))")
                // The handshake recovers the station: the device error is cleared.
                loop.connect()
                try current.pump(for: "the station to recover after replug \(round)") { !loop.isBlocked }
                try expect(loop.events(since: mark) == [.cleared(step: step, by: .auto)], "replug \(round): events \(loop.events(since: mark))")
                // And the station takes input again: the button of `controle`, then the board's done input.
                if boardInput[step] == nil { loop.core.take(.engine(.input("confirm", .press)), at: loop.now) }
                let next = try currentStep(loop)
                guard let input = boardInput[next] else { throw Failure("replug \(round): step \(next) has no board input") }
                mark = loop.events.count
                firmware.post(input)
                try current.pump(for: "\(input) to finish step \(next) after replug \(round)") {
                    loop.events(since: mark).contains { if case .stepDone(next, _) = $0 { true } else { false } }
                }
                try firmware.answer(to: input)
                stepsDone += 1
                try expect(loop.events(since: mark).filter { if case .stepDone = $0 { true } else { false } }.count == 1,
                           "replug \(round): \(input) gave \(loop.events(since: mark))")
            }
            try expect(loop.unplugs == 20, "\(loop.unplugs) unplugs reported for 20")
            return "20 × (unplug reported once and logged, device error, display blocked, send refused; "
                + "the board's input before IDENTIFY ignored; IDENTIFY clears the error; the next board input finishes its step); "
                + "\(stepsDone) steps done"
        }
        current.board.close()
        Report.test("board-uevents-on-unplug-and-replug") {
            // Hotplug by event: the kernel tells of the board's removal and return on its uevent socket.
            let events = try KernelEvents()
            let epoll = try Epoll()
            try epoll.add(events.descriptor.rawValue, for: .readable)
            func wait(for action: String) throws -> KernelEvents.Event {
                var ready: [Epoll.Ready] = []
                for _ in 0..<50 {
                    try epoll.wait(timeoutMilliseconds: 100, into: &ready)
                    if let event = try events.take().first(where: {
                        $0.action == action && $0.subsystem == "usb" && $0.deviceType == "usb_device"
                    }) { return event }
                }
                throw Failure("no \(action) uevent for a usb_device within 5 s")
            }
            try gadget("unbind")
            let removed = try wait(for: "remove")
            try gadget("bind")
            let added = try wait(for: "add")
            try expect(added.properties["PRODUCT"]?.hasPrefix("1209/1/") == true, "add: \(added.properties)")
            try expect(removed.devicePath == added.devicePath, "remove \(removed.devicePath ?? "-") vs add \(added.devicePath ?? "-")")
            return "remove and add of usb_device \(added.devicePath ?? "?") (PRODUCT \(added.properties["PRODUCT"] ?? "?"))"
        }
        firmware.process.terminate()
    }
}
