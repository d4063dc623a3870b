/// Frame layout constants of protocol v1.
public enum BoardFraming {
    public static let sync: UInt8 = 0xA5
    public static let protocolVersion: UInt8 = 1
    public static let maximumPayload = 48
    public static let maximumFrame = 4 + maximumPayload + 2

    /// CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, not reflected,
    /// no final XOR; "123456789" gives 0x29B1.
    public static func crc16<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}

/// Encodes frames.
public enum BoardEncoder {
    public static func encode(_ frame: BoardFrame) -> [UInt8] {
        var payload: [UInt8] = []
        func put16(_ v: UInt16) { payload += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
        func put32(_ v: UInt32) { put16(UInt16(truncatingIfNeeded: v)); put16(UInt16(truncatingIfNeeded: v >> 16)) }
        func put64(_ v: UInt64) { put32(UInt32(truncatingIfNeeded: v)); put32(UInt32(truncatingIfNeeded: v >> 32)) }
        func bitmap(_ values: [Bool]) {
            payload.append(UInt8(values.count))
            var bytes = [UInt8](repeating: 0, count: (values.count + 7) / 8)
            for (index, on) in values.enumerated() where on { bytes[index / 8] |= 1 << UInt8(index % 8) }
            payload += bytes
        }
        switch frame.message {
        case .hello(let version): payload = [version]
        case .identify(let id):
            let serial = Array(id.serial.utf8.prefix(32))
            payload = [id.protocolVersion, id.firmware.major, id.firmware.minor, id.firmware.patch, id.sensors, id.lights,
                       id.tools, UInt8(serial.count)] + serial
        case let .sensorChange(channel, state, time): payload = [channel, state]; put64(time)
        case .snapshotRequest: break
        case let .sensorSnapshot(time, states): put64(time); bitmap(states)
        case .setLights(let lights): bitmap(lights)
        case let .toolResult(tool, ok, torque, angle, time):
            payload = [tool, ok ? 1 : 0]; put16(torque); put16(angle); put64(time)
        case .heartbeat(let time): put64(time)
        case .ping(let token), .pong(let token): put32(token)
        case let .nak(sequence, type, code): payload = [sequence, type, code]
        }
        precondition(payload.count <= BoardFraming.maximumPayload, "payload too long for one frame")
        let body = [UInt8(payload.count), frame.message.type, frame.sequence] + payload
        let crc = BoardFraming.crc16(body)
        return [BoardFraming.sync] + body + [UInt8(truncatingIfNeeded: crc), UInt8(truncatingIfNeeded: crc >> 8)]
    }
}

/// A streaming decoder for bytes from the board. Bytes may come one at a
/// time or in any chunks; `endTransfer()` marks the end of a USB transfer,
/// where a frame still incomplete is truncated.
///
/// States: *hunting* for SYNC (reporting junk once, or quietly after an
/// error), *in a frame* once SYNC is at the front (waiting for LEN, then for
/// the whole frame). A bad frame is dropped by discarding only its SYNC, so
/// decoding resynchronises on the next SYNC, even one inside the bad frame.
public struct BoardDecoder: Sendable {
    public enum Event: Equatable, Sendable {
        case frame(BoardFrame)
        case dropped(BoardDecodeError)
    }

    private var buffer: [UInt8] = []
    /// Hunting without reporting: junk was reported already, or an error
    /// started the hunt.
    private var quiet = false

    public init() {}

    public mutating func feed<C: Collection>(_ bytes: C) -> [Event] where C.Element == UInt8 {
        var events: [Event] = []
        for byte in bytes {
            buffer.append(byte)
            if buffer.count >= BoardFraming.maximumFrame { process(into: &events) }
        }
        process(into: &events)
        return events
    }

    public mutating func endTransfer() -> [Event] {
        var events: [Event] = []
        process(into: &events)
        if !buffer.isEmpty { events.append(.dropped(.truncated)) }
        buffer.removeAll(keepingCapacity: true)
        quiet = false
        return events
    }

    private mutating func process(into events: inout [Event]) {
        while !buffer.isEmpty {
            guard buffer[0] == BoardFraming.sync else {
                let next = buffer.dropFirst().firstIndex(of: BoardFraming.sync) ?? buffer.count
                if !quiet { events.append(.dropped(.junk)) }
                quiet = true
                buffer.removeFirst(next)
                continue
            }
            quiet = false
            guard buffer.count >= 2 else { return }
            let length = Int(buffer[1])
            guard length <= BoardFraming.maximumPayload else {
                events.append(.dropped(.oversizeLength(length)))
                quiet = true
                buffer.removeFirst()
                continue
            }
            let total = 4 + length + 2
            guard buffer.count >= total else { return }
            let crc = UInt16(buffer[4 + length]) | UInt16(buffer[5 + length]) << 8
            guard BoardFraming.crc16(buffer[1..<(4 + length)]) == crc else {
                events.append(.dropped(.badCRC))
                quiet = true
                buffer.removeFirst()
                continue
            }
            let type = buffer[2], sequence = buffer[3]
            let payload = Array(buffer[4..<(4 + length)])
            buffer.removeFirst(total)
            switch Self.parse(type: type, payload: payload) {
            case .success(let message): events.append(.frame(BoardFrame(sequence: sequence, message: message)))
            case .failure(let error): events.append(.dropped(error))
            }
        }
    }

    static func parse(type: UInt8, payload p: [UInt8]) -> Result<BoardMessage, BoardDecodeError> {
        func u16(_ i: Int) -> UInt16 { UInt16(p[i]) | UInt16(p[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
        func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
        func bits(count: Int, at start: Int) -> [Bool] { (0..<count).map { p[start + $0 / 8] >> UInt8($0 % 8) & 1 == 1 } }
        let n = p.count
        let bad = Result<BoardMessage, BoardDecodeError>.failure(.badLength(type: type))
        switch type {
        case 0x01: return n >= 1 ? .success(.hello(protocolVersion: p[0])) : bad
        case 0x81:
            guard n >= 8, p[7] <= 32, n >= 8 + Int(p[7]) else { return bad }
            let serial = String(decoding: p[8..<(8 + Int(p[7]))], as: UTF8.self)
            return .success(.identify(BoardIdentity(protocolVersion: p[0], firmware: (p[1], p[2], p[3]), sensors: p[4],
                                                    lights: p[5], tools: p[6], serial: serial)))
        case 0x82: return n >= 10 ? .success(.sensorChange(channel: p[0], state: p[1], timeMicros: u64(2))) : bad
        case 0x03: return .success(.snapshotRequest)
        case 0x83:
            guard n >= 9, n >= 9 + (Int(p[8]) + 7) / 8 else { return bad }
            return .success(.sensorSnapshot(timeMicros: u64(0), states: bits(count: Int(p[8]), at: 9)))
        case 0x04:
            guard n >= 1, n >= 1 + (Int(p[0]) + 7) / 8 else { return bad }
            return .success(.setLights(bits(count: Int(p[0]), at: 1)))
        case 0x85:
            guard n >= 14 else { return bad }
            return .success(.toolResult(tool: p[0], ok: p[1] != 0, torqueMilliNewtonMetre: u16(2), angleDecidegrees: u16(4),
                                        timeMicros: u64(6)))
        case 0x86: return n >= 8 ? .success(.heartbeat(timeMicros: u64(0))) : bad
        case 0x07: return n >= 4 ? .success(.ping(token: u32(0))) : bad
        case 0x87: return n >= 4 ? .success(.pong(token: u32(0))) : bad
        case 0x8F: return n >= 3 ? .success(.nak(refusedSequence: p[0], refusedType: p[1], code: p[2])) : bad
        default: return .failure(.unknownType(type))
        }
    }
}
