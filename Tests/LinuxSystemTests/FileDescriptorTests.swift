import Glibc
import LinuxSystem
import Testing

@Suite("FileDescriptor")
struct FileDescriptorTests {
    @Test func closesOnceAndTheOtherEndSeesTheEnd() throws {
        let pipe = PipeFixture()
        try pipe.write("ab")
        try pipe.writer.close()
        try pipe.writer.close()   // a second close does nothing, and never closes a reused number
        #expect(try pipe.read() == "ab")
        #expect(try pipe.read() == "")   // end of file: the write end really is closed
    }

    @Test func lettingGoCloses() throws {
        var writer: FileDescriptor?
        let pipe: (reader: FileDescriptor, raw: Int32) = {
            let fixture = PipeFixture()
            writer = fixture.writer
            return (fixture.reader, fixture.writer.rawValue)
        }()
        #expect(pipe.raw >= 0)
        writer = nil
        var byte: UInt8 = 0
        let count = try withUnsafeMutableBytes(of: &byte) { try pipe.reader.read(into: $0) }
        #expect(count == 0)
    }

    @Test func readWithNothingThereIsNil() throws {
        let pipe = PipeFixture()
        #expect(try pipe.read() == nil)
        try pipe.write("xyz")
        #expect(try pipe.read() == "xyz")
        #expect(try pipe.read() == nil)
    }

    @Test func readValueTakesWholeRecordsOnly() throws {
        let pipe = PipeFixture()
        #expect(try pipe.reader.readValue(UInt64.self, call: "read(test)") == nil)
        var value: UInt64 = 0x0102_0304_0506_0708
        try withUnsafeBytes(of: &value) { try pipe.writer.writeAll($0) }
        #expect(try pipe.reader.readValue(UInt64.self, call: "read(test)") == 0x0102_0304_0506_0708)
        try pipe.write("abc")
        #expect(throws: SystemError(call: "read(test)", errno: EIO)) { try pipe.reader.readValue(UInt64.self, call: "read(test)") }
    }

    @Test func controlFailureIsTyped() throws {
        let pipe = PipeFixture()
        var argument = [UInt8](repeating: 0, count: 256)
        // FBIOGET_VSCREENINFO on a pipe: the kernel says it is not a device of that kind.
        #expect(throws: SystemError(call: "FBIOGET_VSCREENINFO", errno: ENOTTY)) {
            try argument.withUnsafeMutableBytes { try pipe.reader.control(0x4600, $0.baseAddress, name: "FBIOGET_VSCREENINFO") }
        }
        // FIONREAD works on a pipe and reports what waits.
        try pipe.write("four")
        var waiting: Int32 = 0
        try pipe.reader.control(UInt(FIONREAD), &waiting, name: "FIONREAD")
        #expect(waiting == 4)
    }

    @Test func openFailureIsTyped() {
        #expect(throws: SystemError(call: "open", errno: ENOENT)) { try FileDescriptor.open("/nonexistent/oss", .readOnly) }
    }

    @Test func openedFilesCloseOnExec() throws {
        let file = try FileDescriptor.open("/dev/null", .writeOnly, options: .nonBlocking)
        #expect(fcntl(file.rawValue, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(file.rawValue, F_GETFL) & O_NONBLOCK != 0)
        try Array("discarded".utf8).withUnsafeBytes { try file.writeAll($0) }
    }
}
