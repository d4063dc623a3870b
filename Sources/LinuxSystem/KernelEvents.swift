import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's device events (uevents) on a netlink socket: how the live
/// loop hears that a USB device was plugged in or removed without looking
/// for it every second. Messages come in the kernel's format
/// (`add@/devices/...\0KEY=VALUE\0...`) or, from udevd and from umockdev's
/// emulation, in libudev's (a `libudev\0` header before the same properties).
public final class KernelEvents: @unchecked Sendable {
    public struct Event: Equatable, Sendable {
        /// `add`, `remove`, `bind`, `unbind`, `change`, ...
        public var action: String
        public var subsystem: String?
        public var deviceType: String?
        public var devicePath: String?
        public var properties: [String: String]

        public init(action: String, subsystem: String?, deviceType: String?, devicePath: String?, properties: [String: String]) {
            self.action = action
            self.subsystem = subsystem
            self.deviceType = deviceType
            self.devicePath = devicePath
            self.properties = properties
        }
    }

    public let descriptor: FileDescriptor

    /// Listens to the kernel's own broadcast (group 1); no udevd is needed.
    public init() throws(SystemError) {
        let raw = try SystemCall.run("socket(AF_NETLINK)") {
            socket(AF_NETLINK, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
                   NETLINK_KOBJECT_UEVENT)
        }
        descriptor = FileDescriptor(owning: raw)
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        address.nl_groups = 1
        try withUnsafePointer(to: &address) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic throws(SystemError) in
                try SystemCall.run("bind(NETLINK_KOBJECT_UEVENT)") {
                    bind(raw, generic, socklen_t(MemoryLayout<sockaddr_nl>.size))
                }
            }
        }
    }

    /// The events queued since the last call; messages that parse as neither format are skipped.
    public func take() throws(SystemError) -> [Event] {
        var events: [Event] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)
        defer { buffer.deallocate() }
        while let count = try descriptor.read(into: buffer) {
            if count == 0 { break }
            if let event = Self.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) { events.append(event) }
        }
        return events
    }

    /// One message in the kernel's or libudev's format.
    public static func parse(_ message: UnsafeRawBufferPointer) -> Event? {
        let bytes = Array(message)
        var start = 0
        let libudevPrefix = Array("libudev".utf8) + [0]
        if bytes.starts(with: libudevPrefix) {
            // struct udev_monitor_netlink_header: prefix[8], magic, header_size, properties_off, properties_len, ...
            guard bytes.count >= 24 else { return nil }
            let offset = Int(message.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            guard offset <= bytes.count else { return nil }
            start = offset
        } else {
            // `action@devpath` first, then the properties.
            guard let end = bytes.firstIndex(of: 0), bytes[..<end].contains(UInt8(ascii: "@")) else { return nil }
            start = end + 1
        }
        var properties: [String: String] = [:]
        for field in bytes[start...].split(separator: 0) {
            guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = String(decoding: field[field.startIndex..<equals], as: UTF8.self)
            properties[key] = String(decoding: field[(equals + 1)...], as: UTF8.self)
        }
        guard let action = properties["ACTION"] else { return nil }
        return Event(action: action, subsystem: properties["SUBSYSTEM"], deviceType: properties["DEVTYPE"],
                     devicePath: properties["DEVPATH"], properties: properties)
    }
}
