import Foundation
import Runtime
import Testing
import TestSupport

@Suite("TraceWriter")
struct TraceWriterTests {
    @Test func linesReachTheFileWholeAtFlushAndClose() throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/t.jsonl"
        let writer = try TraceWriter(path: path)
        writer.write(#"{"t": 0.0, "type": "login", "worker": "W1"}"#)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "", "buffered until flushed")
        writer.flush()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == #"{"t": 0.0, "type": "login", "worker": "W1"}"# + "\n")
        writer.write("second")
        writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("\nsecond\n"))
    }

    @Test func aLongTraceIsWrittenInWholeLinesAsItGoes() throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/t.jsonl"
        let writer = try TraceWriter(path: path)
        let line = String(repeating: "x", count: 99)
        for _ in 0..<2000 { writer.write(line) }   // 200 000 bytes: written before close
        let early = try String(contentsOfFile: path, encoding: .utf8)
        #expect(early.utf8.count >= 1 << 16)
        #expect(early.hasSuffix("\n") && early.utf8.count % 100 == 0, "only whole lines")
        writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8).utf8.count == 200_000)
    }

    @Test func aFolderThatIsNotThereIsAClearError() {
        #expect(throws: TraceWriter.OpenError.self) { try TraceWriter(path: "/nonexistent-folder/t.jsonl") }
    }
}
