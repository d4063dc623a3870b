import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor with one owner: it is closed exactly once, by
/// `close()` or when the owner lets go of it. Other modules never see a bare
/// descriptor they would have to close themselves.
public final class FileDescriptor: @unchecked Sendable {
    /// The kernel's number, for epoll and for C libraries that want it; valid while this object lives.
    public let rawValue: Int32
    private var isOpen = true

    /// Takes ownership of `rawValue`, which must be open.
    public init(owning rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Opens `path` with `flags` (O_CLOEXEC is always added).
    public static func open(_ path: String, flags: Int32, mode: mode_t = 0) throws(SystemError) -> FileDescriptor {
        let raw = try SystemCall.run("open") { Glibc.open(path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(owning: raw)
    }

    deinit { if isOpen { _ = Glibc.close(rawValue) } }

    /// Closes now. EINTR is not retried: Linux has released the descriptor
    /// by then, and a retry could close another thread's new descriptor.
    public func close() throws(SystemError) {
        guard isOpen else { return }
        isOpen = false
        if Glibc.close(rawValue) == -1, errno != EINTR { throw SystemError(call: "close", errno: errno) }
    }

    /// Reads what is there, up to `buffer.count` bytes: nil when a
    /// non-blocking descriptor has nothing now (EAGAIN), 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int? {
        while true {
            let count = Glibc.read(rawValue, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            switch errno {
            case EINTR: continue
            case EAGAIN: return nil
            default: throw SystemError(call: "read", errno: errno)
            }
        }
    }

    /// Reads one fixed-size value (eventfd, timerfd, signalfd records): nil
    /// when there is none now. A short read is an error: these descriptors
    /// hand out whole records only.
    public func readValue<Value: BitwiseCopyable>(_ type: Value.Type, call: String) throws(SystemError) -> Value? {
        var value = zeroed(type)
        let count = try withUnsafeMutableBytes(of: &value) { buffer throws(SystemError) in try read(into: buffer) }
        guard let count else { return nil }
        guard count == MemoryLayout<Value>.size else { throw SystemError(call: call, errno: EIO) }
        return value
    }

    /// Writes all of `bytes` (EINTR retried, short writes continued).
    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        try SystemCall.writeAll(rawValue, bytes)
    }

    /// Device control with a pointer argument, as the kernel's interfaces
    /// define them (framebuffer geometry, evdev grabs). EINTR is retried.
    @discardableResult
    public func control(_ request: UInt, _ argument: UnsafeMutableRawPointer?, name: String) throws(SystemError) -> Int32 {
        try SystemCall.run(name) { oss_ioctl_pointer(rawValue, request, argument) }
    }
}

/// A zeroed value to read into; for plain C structs and integers only.
@inline(__always)
func zeroed<Value: BitwiseCopyable>(_ type: Value.Type) -> Value {
    withUnsafeTemporaryAllocation(of: Value.self, capacity: 1) { buffer in
        UnsafeMutableRawPointer(buffer.baseAddress!).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<Value>.size)
        return buffer.baseAddress!.pointee
    }
}
