import LinuxSystem
import StationEngine

/// What stops the loop: SIGHUP, SIGINT or SIGTERM (a closed terminal as much
/// as Ctrl-C or systemd), read from a signalfd, and `request()` from any
/// thread, through an eventfd.
public final class StopRequests: DeviceSource, @unchecked Sendable {
    public let name = "stop"
    private let wakeUp: EventDescriptor
    private let signals: SignalDescriptor?

    public static let stopSignals = [Scheduling.hangUp, Scheduling.interrupt, Scheduling.terminate]

    /// `handleSignals`: block the stop signals and read them here. Make this
    /// before any thread starts, so that every thread inherits the mask.
    public init(handleSignals: Bool) throws(SystemError) {
        wakeUp = try EventDescriptor()
        signals = handleSignals ? try SignalDescriptor(signals: Self.stopSignals) : nil
    }

    /// Safe from any thread.
    public func request() {
        try? wakeUp.signal()
    }

    public var descriptors: [(descriptor: Int32, events: Epoll.Events)] {
        [(wakeUp.descriptor.rawValue, .readable)] + (signals.map { [($0.descriptor.rawValue, .readable)] } ?? [])
    }

    public func ready(_ descriptor: Int32, events: Epoll.Events, at time: Micros, into sink: StationSink) {
        if descriptor == wakeUp.descriptor.rawValue {
            _ = try? wakeUp.acknowledge()
            sink.stopAfterThisTurn()
        } else if let signals, descriptor == signals.descriptor.rawValue {
            let received = (try? signals.take()) ?? []
            sink.log("stop signal \(received.map(String.init).joined(separator: ", ")) received")
            sink.stopAfterThisTurn()
        }
    }
}
