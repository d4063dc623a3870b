import Foundation
import Glibc
import LinuxSystem
import Testing

@Suite("MemoryMapping")
struct MemoryMappingTests {
    @Test func anonymousMemoryStartsZeroedAndIsWritable() throws {
        let mapping = try MemoryMapping(anonymousByteCount: 8192)
        let bytes = UnsafeMutableRawBufferPointer(start: mapping.memory, count: mapping.byteCount)
        #expect(bytes.allSatisfy { $0 == 0 })
        bytes[8191] = 0xA5
        #expect(bytes[8191] == 0xA5)
        try mapping.unmap()
        try mapping.unmap()   // once only; the second does nothing
    }

    @Test func aFileMappingWritesThroughToTheFile() throws {
        let folder = ScratchFolder()
        let path = folder.path + "/fb"
        let file = try FileDescriptor.open(path, flags: O_RDWR | O_CREAT, mode: 0o600)
        #expect(ftruncate(file.rawValue, 4096) == 0)
        let mapping = try MemoryMapping(descriptor: file, byteCount: 4096)
        mapping.memory.storeBytes(of: 0x1122_3344, toByteOffset: 100, as: UInt32.self)
        try mapping.unmap()
        let contents = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(contents[100..<104]) == [0x44, 0x33, 0x22, 0x11])
    }

    @Test func failuresAreTyped() throws {
        #expect(throws: SystemError(call: "mmap", errno: EINVAL)) { try MemoryMapping(anonymousByteCount: 0) }
        // A write-only descriptor cannot back a readable shared mapping.
        let folder = ScratchFolder()
        let file = try FileDescriptor.open(folder.path + "/w", flags: O_WRONLY | O_CREAT, mode: 0o600)
        #expect(throws: SystemError(call: "mmap", errno: EACCES)) { try MemoryMapping(descriptor: file, byteCount: 4096) }
    }
}
