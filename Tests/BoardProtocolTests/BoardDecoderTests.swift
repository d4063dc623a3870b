import BoardProtocol
import Foundation
import Testing
import TestSupport

/// One line of firmware-protocol/vectors/v1.txt.
struct Vector: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    var decoded: String
    var testDescription: String { name }

    static let all: [Vector] = {
        let text = try! String(contentsOfFile: Repository.root + "/firmware-protocol/vectors/v1.txt", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t").map(String.init)
            return Vector(name: parts[0], bytes: parts[1].split(separator: " ").map { UInt8($0, radix: 16)! }, decoded: parts[2])
        }
    }()
}

private func text(_ events: [BoardDecoder.Event]) -> String {
    events.map { event in
        switch event {
        case .frame(let frame): frame.description
        case .dropped(let error): "dropped reason=\(error.reason)"
        }
    }.joined(separator: "; ")
}

/// Decodes one transfer fed in chunks of `chunk` bytes.
private func decode(_ bytes: [UInt8], chunk: Int) -> [BoardDecoder.Event] {
    var decoder = BoardDecoder()
    var events: [BoardDecoder.Event] = []
    var index = 0
    while index < bytes.count {
        events += decoder.feed(bytes[index..<min(bytes.count, index + chunk)])
        index += chunk
    }
    return events + decoder.endTransfer()
}

@Suite("BoardDecoder")
struct BoardDecoderTests {
    @Test func crcHasItsCheckValue() {
        #expect(BoardFraming.crc16(Array("123456789".utf8)) == 0x29B1)
    }

    @Test func vectorFileHasEveryMalformedKind() {
        let names = Set(Vector.all.map(\.name))
        for required in ["bad_crc", "truncated", "unknown_type", "oversize_length", "two_frames_in_one_transfer"] {
            #expect(names.contains(required))
        }
    }

    @Test(arguments: Vector.all)
    func decodesTheVectorWholeByteByByteAndInChunks(vector: Vector) {
        for chunk in [vector.bytes.count, 1, 2, 3, 5, 7] {
            #expect(text(decode(vector.bytes, chunk: max(1, chunk))) == vector.decoded, "chunks of \(chunk)")
        }
    }

    @Test(arguments: Vector.all.filter { !$0.decoded.contains("dropped") && !$0.decoded.contains(";") && !$0.name.contains("longer") })
    func encodesTheVectorsFrameToTheSameBytes(vector: Vector) throws {
        guard case .frame(let frame)? = decode(vector.bytes, chunk: vector.bytes.count).first else {
            Issue.record("no frame")
            return
        }
        #expect(BoardEncoder.encode(frame) == vector.bytes)
    }

    @Test func allVectorsInOneStreamDecodeToAllTheirEventsInOrder() {
        // Good vectors back to back in one transfer: the decoder resynchronises after each bad one.
        let good = Vector.all.filter { !$0.decoded.contains("dropped") }
        var decoder = BoardDecoder()
        let events = decoder.feed(good.flatMap(\.bytes)) + decoder.endTransfer()
        #expect(text(events) == good.map(\.decoded).joined(separator: "; "))
    }

    @Test func randomBytesNeverCrashAndGoodFramesAfterThemAreFound() {
        var seed: UInt64 = 42
        func next() -> UInt8 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return UInt8(truncatingIfNeeded: seed >> 33) }
        let marker = BoardEncoder.encode(BoardFrame(sequence: 9, message: .heartbeat(timeMicros: 77)))
        for _ in 0..<200 {
            let noise = (0..<Int(next() % 90)).map { _ in next() }
            var decoder = BoardDecoder()
            _ = decoder.feed(noise)
            _ = decoder.endTransfer()
            let events = decoder.feed(marker) + decoder.endTransfer()
            #expect(events == [.frame(BoardFrame(sequence: 9, message: .heartbeat(timeMicros: 77)))])
        }
    }
}
