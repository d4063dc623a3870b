import Foundation
import LinuxSystem
import Pipeline
import Scripts
import Testing
import TestSupport

@Suite("TraceWriter")
struct TraceWriterTests {
    @Test func aFileTraceAppearsWholeAtCloseAndNeverHalfWritten() throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/t.jsonl"
        try "old trace\n".write(toFile: path, atomically: false, encoding: .utf8)
        let writer = try TraceWriter(path: path)
        let line = String(repeating: "x", count: 99)
        for _ in 0..<2000 { writer.write(line) }   // 200 000 bytes, several flushes
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old trace\n", "the old file stays until close")
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.utf8.count == 200_000 && text.hasSuffix("\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path) == ["t.jsonl"], "no temporary file left")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aPipeGetsWholeLinesAsTheyGo() throws {
        let temp = TemporaryDirectory()
        let fifo = temp.path + "/trace.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let writer = try TraceWriter(path: fifo)
        writer.write("first")
        writer.flush()
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &bytes, bytes.count)
        #expect(String(decoding: bytes.prefix(max(0, count)), as: UTF8.self) == "first\n")
        try writer.close()
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
    }

    @Test func aFullDeviceFailsAtCloseWithTheFileNamed() throws {
        let writer = try TraceWriter(path: "/dev/full")
        writer.write("a line")
        #expect(throws: OutputError(path: "/dev/full", reason: "No space left on device")) { try writer.close() }
    }

    @Test func anInputOfTheCommandIsNeverTheTrace() throws {
        let temp = TemporaryDirectory()
        let script = temp.path + "/events.jsonl"
        try "{\"t\": 0, \"login\": \"W1\"}\n".write(toFile: script, atomically: false, encoding: .utf8)
        var protected = ProtectedFiles()
        protected.add(script)
        #expect(throws: OutputError.self) { try TraceWriter(path: script, protecting: protected) }
        #expect(try String(contentsOfFile: script, encoding: .utf8) == "{\"t\": 0, \"login\": \"W1\"}\n")
    }

    @Test func aFolderThatIsNotThereIsAClearError() {
        #expect(throws: OutputError.self) { try TraceWriter(path: "/nonexistent-folder/t.jsonl") }
    }
}
