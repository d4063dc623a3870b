/// The messages of the station board protocol v1 (firmware-protocol/PROTOCOL.md).
public enum BoardMessage: Equatable, Sendable {
    case hello(protocolVersion: UInt8)
    case identify(BoardIdentity)
    /// `state` 1: active (a hand in the bin), 0: released.
    case sensorChange(channel: UInt8, state: UInt8, timeMicros: UInt64)
    case snapshotRequest
    /// `states[n - 1]` is sensor n.
    case sensorSnapshot(timeMicros: UInt64, states: [Bool])
    /// `lights[n - 1]` is light n.
    case setLights([Bool])
    case toolResult(tool: UInt8, ok: Bool, torqueMilliNewtonMetre: UInt16, angleDecidegrees: UInt16, timeMicros: UInt64)
    case heartbeat(timeMicros: UInt64)
    case ping(token: UInt32)
    case pong(token: UInt32)
    case nak(refusedSequence: UInt8, refusedType: UInt8, code: UInt8)

    public var type: UInt8 {
        switch self {
        case .hello: 0x01
        case .identify: 0x81
        case .sensorChange: 0x82
        case .snapshotRequest: 0x03
        case .sensorSnapshot: 0x83
        case .setLights: 0x04
        case .toolResult: 0x85
        case .heartbeat: 0x86
        case .ping: 0x07
        case .pong: 0x87
        case .nak: 0x8F
        }
    }

    /// The name used in logs and test vectors ("sensor_change").
    public static func typeName(_ type: UInt8) -> String? {
        [0x01: "hello", 0x81: "identify", 0x82: "sensor_change", 0x03: "snapshot_request", 0x83: "sensor_snapshot",
         0x04: "set_lights", 0x85: "tool_result", 0x86: "heartbeat", 0x07: "ping", 0x87: "pong", 0x8F: "nak"][type]
    }
}

public struct BoardIdentity: Equatable, Sendable {
    public var protocolVersion: UInt8
    public var firmware: (major: UInt8, minor: UInt8, patch: UInt8)
    public var sensors: UInt8
    public var lights: UInt8
    public var tools: UInt8
    /// Printable ASCII, at most 32 characters.
    public var serial: String

    public init(protocolVersion: UInt8, firmware: (UInt8, UInt8, UInt8), sensors: UInt8, lights: UInt8, tools: UInt8, serial: String) {
        self.protocolVersion = protocolVersion
        self.firmware = firmware
        self.sensors = sensors
        self.lights = lights
        self.tools = tools
        self.serial = serial
    }

    public static func == (a: BoardIdentity, b: BoardIdentity) -> Bool {
        a.protocolVersion == b.protocolVersion && a.firmware == b.firmware && a.sensors == b.sensors
            && a.lights == b.lights && a.tools == b.tools && a.serial == b.serial
    }
}

/// A message with its sequence number.
public struct BoardFrame: Equatable, Sendable {
    public var sequence: UInt8
    public var message: BoardMessage

    public init(sequence: UInt8, message: BoardMessage) {
        self.sequence = sequence
        self.message = message
    }
}

/// Why bytes from the board could not be used; each becomes a `dropped` event.
public enum BoardDecodeError: Error, Equatable, Sendable {
    case junk
    case oversizeLength(Int)
    case badCRC
    case truncated
    case unknownType(UInt8)
    case badLength(type: UInt8)

    /// The `reason` of the `dropped` trace event.
    public var reason: String {
        switch self {
        case .junk: "junk"
        case .oversizeLength(let length): "oversize length \(length)"
        case .badCRC: "bad crc"
        case .truncated: "truncated"
        case .unknownType(let type): "unknown type 0x" + hex(type)
        case .badLength(let type): "bad length for \(BoardMessage.typeName(type) ?? "0x" + hex(type))"
        }
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

extension BoardFrame: CustomStringConvertible {
    /// The text form of the test vectors: `type=sensor_change seq=5 channel=1 state=1 time_us=1000000`.
    public var description: String {
        var text = "type=\(BoardMessage.typeName(message.type) ?? "?") seq=\(sequence)"
        func bits(_ values: [Bool]) -> String { String(values.map { $0 ? "1" : "0" }) }
        switch message {
        case .hello(let version): text += " protocol=\(version)"
        case .identify(let id):
            text += " protocol=\(id.protocolVersion) fw=\(id.firmware.major).\(id.firmware.minor).\(id.firmware.patch)"
                + " sensors=\(id.sensors) lights=\(id.lights) tools=\(id.tools) serial=\(id.serial)"
        case let .sensorChange(channel, state, time): text += " channel=\(channel) state=\(state) time_us=\(time)"
        case .snapshotRequest: break
        case let .sensorSnapshot(time, states): text += " time_us=\(time) count=\(states.count) states=\(bits(states))"
        case .setLights(let lights): text += " count=\(lights.count) lights=\(bits(lights))"
        case let .toolResult(tool, ok, torque, angle, time):
            text += " tool=\(tool) ok=\(ok ? 1 : 0) torque_mNm=\(torque) angle_decideg=\(angle) time_us=\(time)"
        case .heartbeat(let time): text += " time_us=\(time)"
        case .ping(let token), .pong(let token): text += " token=\(token)"
        case let .nak(sequence, type, code): text += " ref_seq=\(sequence) ref_type=0x\(hex(type)) code=\(code)"
        }
        return text
    }
}
