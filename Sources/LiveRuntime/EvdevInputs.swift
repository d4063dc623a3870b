import Evdev
import InputMapping
import LinuxSystem
import Pipeline
import StationEngine
import StationModel

/// The station's input devices (buttons, badge reader, scanner) through
/// libevdev. New and removed device nodes are heard of through inotify on
/// the input folder, not by polling; a node udev has only just created is
/// tried again when its permissions change.
public final class EvdevInputs: DeviceSource {
    public let name = "evdev"
    private let station: Station
    private let directory: String
    /// The inputs a device with this identity serves (the pipeline's mapping decides).
    private let serves: (EvdevDeviceIdentity) -> [String]
    private var watch: DirectoryWatch?
    private var devices: [Int32: EvdevDevice] = [:]
    /// Without inotify (rare), the folder is looked at again each second.
    private var rescanAt: Micros?
    private var events: [EvdevEvent] = []

    public init(station: Station, directory: String, serves: @escaping (EvdevDeviceIdentity) -> [String]) {
        self.station = station
        self.directory = directory
        self.serves = serves
    }

    public var descriptors: [(descriptor: Int32, events: Epoll.Events)] {
        var list = devices.keys.map { (descriptor: $0, events: Epoll.Events.readable) }
        if let watch { list.append((watch.descriptor.rawValue, .readable)) }
        return list
    }

    public var nextWake: Micros? { rescanAt }

    public func start(at time: Micros, into sink: StationSink) {
        do {
            watch = try DirectoryWatch(path: directory)
        } catch {
            sink.log("cannot watch \(directory) for new devices (\(error)); looking again every second")
            rescanAt = time + 1_000_000
        }
        scan(into: sink)
    }

    public func ready(_ descriptor: Int32, events ready: Epoll.Events, at time: Micros, into sink: StationSink) {
        if let watch, descriptor == watch.descriptor.rawValue {
            do {
                let changes = try watch.changes()
                if changes.contains(where: { if case .removed = $0 { false } else { true } }) { scan(into: sink) }
            } catch {
                sink.log("input folder watch: \(error)")
            }
            return
        }
        guard let device = devices[descriptor] else { return }
        events.removeAll(keepingCapacity: true)
        let outcome = device.readAvailable(into: &events)
        for event in events { sink.take(.evdev(event), at: time) }
        if case .gone(let error) = outcome {
            sink.log("input device \(device.identity) at \(device.path) is gone (\(error))")
            devices[descriptor] = nil
        }
    }

    public func tick(at time: Micros, into sink: StationSink) {
        guard let due = rescanAt, time >= due else { return }
        rescanAt = time + 1_000_000
        scan(into: sink)
    }

    /// Opens every device of the folder that serves the station and is not open yet.
    private func scan(into sink: StationSink) {
        let open = Set(devices.values.map(\.path))
        for found in EvdevDiscovery.scan(directory: directory).found where !open.contains(found.path) {
            let inputs = serves(found.identity)
            guard !inputs.isEmpty, let device = try? EvdevDevice(path: found.path) else { continue }
            let isText = station.inputs.contains { input in
                guard inputs.contains(input.name), case .evdev(let source) = input.source else { return false }
                return source.delivery == .text
            }
            // A reader that types into the station must not type into anything else.
            if isText {
                do { try device.grab() } catch { sink.log("could not grab \(found.path): \(error)") }
            }
            devices[device.descriptor] = device
            sink.log("input device \(found.identity) at \(found.path) serves \(inputs.joined(separator: ", "))")
        }
    }
}
