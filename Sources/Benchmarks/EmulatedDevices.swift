import BoardProtocol
import InputMapping
import StationEngine
import StationModel

/// What the station's devices would deliver for a logical input: the evdev
/// events of a button or keyboard-wedge reader, and the board's frames, one
/// USB transfer each. The benchmark feeds these to the same decoding and
/// mapping code as `oss run`.
public struct EmulatedDevices {
    public enum Stimulus: Equatable, Sendable {
        case evdev(EvdevEvent)
        case board([UInt8])
    }

    private let station: Station
    private var sequence: UInt8 = 0
    private var boardTime: UInt64 = 0

    public init(station: Station) {
        self.station = station
    }

    /// The board's answer to the handshake, so that the session goes online.
    public mutating func identify() -> [UInt8] {
        let lights = UInt8(station.outputs.map(\.light).max() ?? 0)
        let identity = BoardIdentity(protocolVersion: BoardFraming.protocolVersion, firmware: (1, 0, 0), sensors: 16,
                                     lights: lights, tools: 4, serial: station.board?.serial ?? "SB-BENCH")
        return frame(.identify(identity))
    }

    /// The device data for `input`: a logout is the same badge again, so the
    /// plan never asks for `.logout` (it yields nothing here).
    public mutating func stimuli(for input: EngineInput) -> [Stimulus] {
        switch input {
        case .badge(let badge): return text(badge, on: station.roles.login)
        case .product(let product): return text(product, on: station.roles.select)
        case .input(let name, let value):
            guard let source = station.input(named: name)?.source else { return [] }
            switch (source, value) {
            case (.evdev(let evdev), .text(let text)):
                return (KeyboardWedge.events(typing: text, device: Self.identity(evdev)) ?? []).map(Stimulus.evdev)
            case (.evdev(let evdev), _):
                guard case .key(_, let code) = evdev.delivery else { return [] }
                let device = Self.identity(evdev)
                let syn = EvdevEvent(device: device, type: EvdevCodes.evSyn, code: 0, value: 0)
                return [EvdevEvent(device: device, type: EvdevCodes.evKey, code: code, value: 1), syn,
                        EvdevEvent(device: device, type: EvdevCodes.evKey, code: code, value: 0), syn].map(Stimulus.evdev)
            case (.board(.sensor(let channel), _), _):
                return [.board(frame(.sensorChange(channel: UInt8(channel), state: 1, timeMicros: boardTime))),
                        .board(frame(.sensorChange(channel: UInt8(channel), state: 0, timeMicros: boardTime + 300_000)))]
            case (.board(.tool(let tool), _), .tool(let ok)):
                return [.board(frame(.toolResult(tool: UInt8(tool), ok: ok, torqueMilliNewtonMetre: ok ? 1200 : 400,
                                                 angleDecidegrees: 900, timeMicros: boardTime)))]
            case (.board, _):
                return []
            }
        case .logout, .deviceOffline, .deviceOnline:
            return []
        }
    }

    private func text(_ text: String, on inputName: String?) -> [Stimulus] {
        guard let inputName, case .evdev(let source)? = station.input(named: inputName)?.source else { return [] }
        return (KeyboardWedge.events(typing: text, device: Self.identity(source)) ?? []).map(Stimulus.evdev)
    }

    private mutating func frame(_ message: BoardMessage) -> [UInt8] {
        defer { sequence &+= 1; boardTime += 1000 }
        return BoardEncoder.encode(BoardFrame(sequence: sequence, message: message))
    }

    static func identity(_ source: EvdevSource) -> EvdevDeviceIdentity {
        EvdevDeviceIdentity(name: source.device, phys: source.phys, vendor: source.vendor, product: source.product)
    }
}
