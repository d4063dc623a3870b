#if canImport(Glibc)
import Glibc
#endif

/// The address of a Unix-domain socket: a path in the file system, or a
/// name in the abstract namespace, written `@name` as systemd does.
public struct UnixSocketAddress: Equatable, Sendable {
    /// The bytes of sun_path: the path, or a zero byte and the abstract name.
    public let pathBytes: [UInt8]

    /// `text` as systemd's NOTIFY_SOCKET spells it: `@name` is abstract.
    /// Nil when it is empty or longer than sun_path holds.
    public init?(_ text: String) {
        let bytes = text.hasPrefix("@") ? [0] + Array(text.utf8.dropFirst()) : Array(text.utf8)
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        // A path needs room for its terminating zero; an abstract name does not.
        guard !text.isEmpty, bytes.count <= (bytes.first == 0 ? capacity : capacity - 1) else { return nil }
        pathBytes = bytes
    }

    public var isAbstract: Bool { pathBytes.first == 0 }

    /// Calls `body` with the C address and its length.
    @discardableResult
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemError) -> Result) throws(SystemError) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        return try withUnsafePointer(to: &address) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target throws(SystemError) in try body(target, length) }
        }
    }
}

/// A Unix-domain datagram socket, non-blocking: whole messages sent to an
/// address and received, as systemd's notify protocol uses them.
public final class DatagramSocket: @unchecked Sendable {
    public let descriptor: FileDescriptor

    public init() throws(SystemError) {
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        descriptor = FileDescriptor(owning: try SystemCall.run("socket") { socket(AF_UNIX, type, 0) })
    }

    /// Receives at `address` from now on.
    public func bind(to address: UnixSocketAddress) throws(SystemError) {
        try address.withSocketAddress { target, length throws(SystemError) in
            try SystemCall.run("bind") { Glibc.bind(descriptor.rawValue, target, length) }
        }
    }

    /// Sends `bytes` as one datagram to `address`. A full receiver (EAGAIN)
    /// is an error: the message was not sent.
    public func send(_ bytes: [UInt8], to address: UnixSocketAddress) throws(SystemError) {
        try address.withSocketAddress { target, length throws(SystemError) in
            // Array's closures are not typed-throws: the call is made inside, checked outside.
            var sent = -1, code: Int32 = 0
            repeat {
                sent = bytes.withUnsafeBytes { sendto(descriptor.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), target, length) }
                code = errno
            } while sent == -1 && code == EINTR
            if sent == -1 { throw SystemError(call: "sendto", errno: code) }
            // A datagram goes whole or not at all.
            if Int(sent) != bytes.count { throw SystemError(call: "sendto", errno: EMSGSIZE) }
        }
    }

    /// The next datagram, cut to `capacity` bytes; nil when none is waiting.
    public func receive(capacity: Int = 4096) throws(SystemError) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: capacity)
        let outcome = bytes.withUnsafeMutableBytes { buffer in Result { () throws(SystemError) in try descriptor.read(into: buffer) } }
        guard let count = try outcome.get() else { return nil }
        return Array(bytes.prefix(count))
    }
}
