import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// A shared, readable and writable memory mapping with one owner: unmapped
/// exactly once, by `unmap()` or when the owner lets go of it. A device's
/// memory (a framebuffer) or anonymous memory of the same size.
public final class MemoryMapping: @unchecked Sendable {
    /// The first byte; valid until `unmap()`.
    public let memory: UnsafeMutableRawPointer
    public let byteCount: Int
    private var isMapped = true

    /// Maps `byteCount` bytes of the file or device open on `descriptor`,
    /// from `offset`, shared with the device (MAP_SHARED).
    public init(descriptor: FileDescriptor, byteCount: Int, offset: Int = 0) throws(SystemError) {
        memory = try Self.map(byteCount, descriptor: descriptor.rawValue, flags: MAP_SHARED, offset: offset)
        self.byteCount = byteCount
    }

    /// `byteCount` bytes of zeroed memory not backed by a file
    /// (MAP_SHARED | MAP_ANONYMOUS): a framebuffer's memory without the device.
    public init(anonymousByteCount byteCount: Int) throws(SystemError) {
        memory = try Self.map(byteCount, descriptor: -1, flags: MAP_SHARED | MAP_ANONYMOUS, offset: 0)
        self.byteCount = byteCount
    }

    private static func map(_ byteCount: Int, descriptor: Int32, flags: Int32, offset: Int) throws(SystemError) -> UnsafeMutableRawPointer {
        guard byteCount > 0 else { throw SystemError(call: "mmap", errno: EINVAL) }
        let address = mmap(nil, byteCount, PROT_READ | PROT_WRITE, flags, descriptor, off_t(offset))
        guard let address, address != MAP_FAILED else { throw SystemError(call: "mmap", errno: errno) }
        return address
    }

    deinit { if isMapped { munmap(memory, byteCount) } }

    /// Unmaps now; later calls do nothing. The memory must not be used after.
    public func unmap() throws(SystemError) {
        guard isMapped else { return }
        isMapped = false
        if munmap(memory, byteCount) != 0 { throw SystemError(call: "munmap", errno: errno) }
    }
}
