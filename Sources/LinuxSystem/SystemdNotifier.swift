/// systemd's notify protocol (sd_notify) without libsystemd: datagrams to
/// `$NOTIFY_SOCKET`. READY=1 once the loop runs, WATCHDOG=1 at half the
/// `$WATCHDOG_USEC` interval, STOPPING=1 at the end. Does nothing outside
/// systemd.
public final class SystemdNotifier {
    private let socket: DatagramSocket?
    private let target: UnixSocketAddress?
    /// Microseconds between watchdog pings, when systemd asks for them: half
    /// its interval, so that a late ping still arrives in time.
    public let watchdogInterval: Int64?

    /// A watchdog meant for another process (`WATCHDOG_PID` set and not
    /// this process's id, as sd_watchdog_enabled checks) is not this one's.
    public init(environment: [String: String]) {
        let forThisProcess = environment["WATCHDOG_PID"].map { $0 == String(ProcessFacts.processIdentifier) } ?? true
        watchdogInterval = environment["WATCHDOG_USEC"].flatMap(Int64.init).flatMap { forThisProcess && $0 > 0 ? $0 / 2 : nil }
        target = environment["NOTIFY_SOCKET"].flatMap(UnixSocketAddress.init)
        socket = target == nil ? nil : try? DatagramSocket()
    }

    /// Sends `state` (e.g. "READY=1"). Best effort: systemd going away must
    /// not stop the station, and the watchdog notices lost pings itself.
    public func notify(_ state: String) {
        guard let socket, let target else { return }
        try? socket.send(Array(state.utf8), to: target)
    }
}
