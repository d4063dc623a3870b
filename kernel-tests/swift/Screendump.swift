import Display
import Foundation

/// What the projector shows: QEMU's screendump of the bochs VGA's video
/// memory, which neither read(2) nor the mapping of /dev/fb0 can see (with a
/// shadow buffer they both see system memory). The guest asks over its second
/// serial port (/dev/ttyS1); the host (kernel-tests/screendump.py) takes the
/// screendump through QEMU's monitor and answers with the SHA-256 of the
/// dump's RGB pixels, which must equal the hash of the RGB picture the guest
/// expects.
final class Screendump {
    private let port: FileHandle
    private let lines = LineQueue()

    init() throws {
        try runTool("/bin/stty", ["-F", "/dev/ttyS1", "raw", "-echo"])
        guard let port = FileHandle(forUpdatingAtPath: "/dev/ttyS1") else { throw Failure("cannot open /dev/ttyS1") }
        self.port = port
        let lines = lines
        Thread.detachNewThread {
            while true {
                let chunk = port.availableData
                if chunk.isEmpty { lines.close(); return }
                lines.append(chunk)
            }
        }
    }

    /// Asks the host for a screendump named `tag` and compares its pixels with `frame`.
    func check(_ tag: String, _ frame: Frame) throws -> String {
        let expected = try sha256(of: rgb(frame), name: tag)
        port.write(Data("shot \(tag) \(frame.width)x\(frame.height)\n".utf8))
        guard let answer = lines.next(timeout: 60) else {
            throw Failure("no answer from the host's screendump helper for \(tag) within 60 s")
        }
        let f = fields(answer)
        guard answer.hasPrefix("dump \(tag) "), let size = f["size"], let got = f["sha256"] else {
            throw Failure("screendump \(tag): the host answered \(answer)")
        }
        try expect(size == "\(frame.width)x\(frame.height)", "the screen is \(size), the frame \(frame.width)x\(frame.height) (\(answer))")
        try expect(got == expected, "screendump \(tag): VRAM pixels hash to \(got), the frame to \(expected) (\(answer))")
        return "VRAM (QEMU screendump \(size)) equals the frame, sha256 \(got.prefix(12))"
    }

    /// The frame as packed 8-bit R, G, B, row by row: the pixels of a PPM.
    private func rgb(_ frame: Frame) -> Data {
        var bytes = [UInt8](repeating: 0, count: frame.width * frame.height * 3)
        for (index, pixel) in frame.pixels.enumerated() {
            bytes[index * 3] = UInt8(truncatingIfNeeded: pixel >> 16)
            bytes[index * 3 + 1] = UInt8(truncatingIfNeeded: pixel >> 8)
            bytes[index * 3 + 2] = UInt8(truncatingIfNeeded: pixel)
        }
        return Data(bytes)
    }

    /// busybox's sha256sum of `data`.
    private func sha256(of data: Data, name: String) throws -> String {
        let path = "/tmp/expected-\(name).rgb"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try runTool("/bin/sha256sum", [path])
        guard let hash = output.split(separator: " ").first, hash.count == 64 else { throw Failure("sha256sum said \(output)") }
        return String(hash)
    }
}

/// Lines read by one thread, taken by another with a timeout.
final class LineQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer = Data()
    private var closed = false

    func append(_ chunk: Data) {
        condition.lock()
        buffer.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next whole line without its line end, or nil after `timeout` seconds or at the end.
    func next(timeout: Double) -> String? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if closed || !condition.wait(until: deadline) { return nil }
        }
    }
}
