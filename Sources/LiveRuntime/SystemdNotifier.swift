import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// systemd's notify protocol (sd_notify) without libsystemd: datagrams to
/// `$NOTIFY_SOCKET`. READY=1 once the loop runs, WATCHDOG=1 at half the
/// `$WATCHDOG_USEC` interval, STOPPING=1 at the end. Does nothing outside
/// systemd.
public final class SystemdNotifier {
    private let socket: Int32
    private var address = sockaddr_un()
    private var addressLength: socklen_t = 0
    /// Microseconds between watchdog pings, when systemd asks for them.
    public let watchdogInterval: Int64?

    public init(environment: [String: String]) {
        watchdogInterval = environment["WATCHDOG_USEC"].flatMap(Int64.init).map { $0 / 2 }
        guard var path = environment["NOTIFY_SOCKET"], !path.isEmpty,
              path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else {
            socket = -1
            return
        }
        socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        address.sun_family = sa_family_t(AF_UNIX)
        let abstract = path.hasPrefix("@")
        if abstract { path.removeFirst() }
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: (abstract ? [0] : []) + bytes)
        }
        addressLength = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 1 : 0))
    }

    deinit { if socket >= 0 { close(socket) } }

    public func notify(_ state: String) {
        guard socket >= 0 else { return }
        let bytes = Array(state.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                sendto(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL), target, addressLength)
            }
        }
    }
}
