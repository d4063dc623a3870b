import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// An epoll instance: the one wait of the live loop. Registrations carry the
/// descriptor's number, so the loop finds its source by number.
public final class Epoll: @unchecked Sendable {
    /// What a descriptor is watched for, and what was seen.
    public struct Events: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let readable = Events(rawValue: EPOLLIN.rawValue)
        public static let writable = Events(rawValue: EPOLLOUT.rawValue)
        public static let error = Events(rawValue: EPOLLERR.rawValue)
        public static let hangUp = Events(rawValue: EPOLLHUP.rawValue)
    }

    /// One ready descriptor of a wait.
    public struct Ready: Sendable, Equatable {
        public var descriptor: Int32
        public var events: Events
    }

    private let handle: FileDescriptor
    private var buffer: [epoll_event]

    public init(capacity: Int = 64) throws(SystemError) {
        handle = FileDescriptor(owning: try SystemCall.run("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) })
        buffer = [epoll_event](repeating: epoll_event(), count: max(1, capacity))
    }

    public func add(_ descriptor: Int32, for events: Events) throws(SystemError) {
        try control(EPOLL_CTL_ADD, descriptor, events, name: "epoll_ctl(ADD)")
    }

    public func modify(_ descriptor: Int32, for events: Events) throws(SystemError) {
        try control(EPOLL_CTL_MOD, descriptor, events, name: "epoll_ctl(MOD)")
    }

    /// Stops watching; a descriptor the kernel already forgot (closed: ENOENT, EBADF) is not an error.
    public func remove(_ descriptor: Int32) throws(SystemError) {
        do { try control(EPOLL_CTL_DEL, descriptor, [], name: "epoll_ctl(DEL)") } catch {
            if error.errno != ENOENT && error.errno != EBADF { throw error }
        }
    }

    private func control(_ operation: Int32, _ descriptor: Int32, _ events: Events, name: String) throws(SystemError) {
        var event = epoll_event(events: events.rawValue, data: epoll_data_t(fd: descriptor))
        try SystemCall.run(name) { epoll_ctl(handle.rawValue, operation, descriptor, &event) }
    }

    /// Waits until a descriptor is ready or `timeoutMilliseconds` pass (-1:
    /// forever), and appends the ready ones to `ready` (cleared first). An
    /// interrupted wait returns with none ready; the caller recomputes its
    /// timeout, as it would after any wake-up.
    public func wait(timeoutMilliseconds: Int32, into ready: inout [Ready]) throws(SystemError) {
        ready.removeAll(keepingCapacity: true)
        let count = buffer.withUnsafeMutableBufferPointer { events in
            epoll_wait(handle.rawValue, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        }
        if count < 0 {
            if errno == EINTR { return }
            throw SystemError(call: "epoll_wait", errno: errno)
        }
        for index in 0..<Int(count) {
            ready.append(Ready(descriptor: buffer[index].data.fd, events: Events(rawValue: buffer[index].events)))
        }
    }
}
