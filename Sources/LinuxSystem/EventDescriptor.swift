import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// A wake-up another thread can send to an epoll loop (eventfd).
public final class EventDescriptor: @unchecked Sendable {
    public let descriptor: FileDescriptor

    public init() throws(SystemError) {
        descriptor = FileDescriptor(owning: try SystemCall.run("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) })
    }

    /// Safe from any thread. A full counter (EAGAIN) already means "signalled".
    public func signal() throws(SystemError) {
        var one: UInt64 = 1
        let written = write(descriptor.rawValue, &one, 8)
        if written == -1, errno != EAGAIN, errno != EINTR { throw SystemError(call: "write(eventfd)", errno: errno) }
    }

    /// Takes the signals sent so far (0 when none).
    @discardableResult
    public func acknowledge() throws(SystemError) -> UInt64 {
        try descriptor.readValue(UInt64.self, call: "read(eventfd)") ?? 0
    }
}
