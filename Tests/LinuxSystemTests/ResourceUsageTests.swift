import LinuxSystem
import Testing

@Suite("ResourceUsage")
struct ResourceUsageTests {
    @Test func peakResidentSizeGrowsWithTouchedMemory() throws {
        let before = try ResourceUsage.ofProcess().peakResidentBytes
        #expect(before > 1 << 20)   // a Swift test process is more than a megabyte
        let size = 64 << 20
        let mapping = try MemoryMapping(anonymousByteCount: size)
        // Touch every page, so that it becomes resident.
        for offset in stride(from: 0, to: size, by: 4096) { mapping.memory.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
        let after = try ResourceUsage.ofProcess().peakResidentBytes
        try mapping.unmap()
        #expect(after >= Int64(size))
        #expect(after >= before)
    }
}
