import LinuxSystem
import Pipeline
import StationEngine

/// Where a source delivers what it read: the live station.
public protocol StationSink: AnyObject {
    /// Hands one input to the station's pipeline at `time` (engine time, µs).
    func take(_ input: StationInput, at time: Micros)
    /// A line for the log.
    func log(_ message: String)
    /// Ends the loop after this turn. Sources call it on the loop's thread;
    /// other threads use `LiveStation.requestStop()`.
    func stopAfterThisTurn()
}

/// One kind of device (or other event source) the live loop waits on:
/// evdev input devices, a station board, stop requests; later network and
/// tool sources. The loop knows nothing of a source but this protocol, so a
/// new kind of device is one new type.
///
/// The loop asks every source for its descriptors after each turn (they may
/// change, as libusb's do), waits on all of them in one epoll, and calls
/// `ready` for a ready descriptor and `tick` once per turn.
public protocol DeviceSource: AnyObject {
    /// A short name for the log (`evdev`, `board`).
    var name: String { get }
    /// The descriptors to wait on now, and for what.
    var descriptors: [(descriptor: Int32, events: Epoll.Events)] { get }
    /// Called once before the first wait: open what is there.
    func start(at time: Micros, into sink: StationSink)
    /// One of this source's descriptors is ready.
    func ready(_ descriptor: Int32, events: Epoll.Events, at time: Micros, into sink: StationSink)
    /// Once per turn of the loop, after the ready descriptors.
    func tick(at time: Micros, into sink: StationSink)
    /// The time this source wants a turn at without any descriptor being ready (nil: none).
    var nextWake: Micros? { get }
    /// The loop stops: leave the device in a safe state.
    func stop(into sink: StationSink)
}

extension DeviceSource {
    public func start(at time: Micros, into sink: StationSink) {}
    public func tick(at time: Micros, into sink: StationSink) {}
    public var nextWake: Micros? { nil }
    public func stop(into sink: StationSink) {}
}
