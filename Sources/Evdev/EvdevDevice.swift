import CEvdev
import InputMapping
import LinuxSystem

/// One `/dev/input/event*` device opened through libevdev, non-blocking.
public final class EvdevDevice {
    public let path: String
    public let identity: EvdevDeviceIdentity
    /// The descriptor's number, for the caller's epoll; valid while this device lives.
    public var descriptor: Int32 { file.rawValue }
    private let file: FileDescriptor
    private let handle: OpaquePointer
    public private(set) var grabbed = false

    public enum OpenError: Error, CustomStringConvertible {
        case system(path: String, SystemError)
        public var description: String {
            switch self {
            case let .system(path, error): "\(path): \(error)"
            }
        }
    }

    public init(path: String) throws(OpenError) {
        self.path = path
        var device: OpaquePointer?
        do {
            file = try FileDescriptor.open(path, .readOnly, options: .nonBlocking)
            try SystemCall.runNegativeErrno("libevdev_new_from_fd") { [file] in libevdev_new_from_fd(file.rawValue, &device) }
        } catch {
            throw .system(path: path, error)
        }
        handle = device!
        func text(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
        identity = EvdevDeviceIdentity(name: text(libevdev_get_name(handle)), phys: text(libevdev_get_phys(handle)),
                                       vendor: UInt16(truncatingIfNeeded: libevdev_get_id_vendor(handle)),
                                       product: UInt16(truncatingIfNeeded: libevdev_get_id_product(handle)))
    }

    deinit {
        if grabbed { libevdev_grab(handle, LIBEVDEV_UNGRAB) }
        libevdev_free(handle)
    }

    /// Takes the device for oss alone (EVIOCGRAB), so a badge reader's or
    /// scanner's keystrokes do not reach a console.
    public func grab() throws(SystemError) {
        try SystemCall.runNegativeErrno("EVIOCGRAB") { libevdev_grab(handle, LIBEVDEV_GRAB) }
        grabbed = true
    }

    public enum ReadOutcome: Equatable {
        /// Everything available was read.
        case drained
        /// The device is gone (unplugged) or failed.
        case gone(SystemError)
    }

    /// Reads every event available now. After a SYN_DROPPED the kernel
    /// dropped events: a SYN_DROPPED event is passed on (a text being typed
    /// is discarded), then libevdev's sync mode gives the changes of state
    /// that were lost, as events: a button pressed during the loss arrives
    /// once, a key released then is a release.
    public func readAvailable(into events: inout [EvdevEvent]) -> ReadOutcome {
        var event = input_event()
        var flags = LIBEVDEV_READ_FLAG_NORMAL.rawValue
        while true {
            let status = libevdev_next_event(handle, flags, &event)
            switch status {
            case Int32(LIBEVDEV_READ_STATUS_SUCCESS.rawValue):
                events.append(EvdevEvent(device: identity, type: event.type, code: event.code, value: event.value))
            case Int32(LIBEVDEV_READ_STATUS_SYNC.rawValue):
                if flags == LIBEVDEV_READ_FLAG_NORMAL.rawValue {
                    // The SYN_DROPPED itself; the lost changes of state follow in sync mode.
                    events.append(EvdevEvent(device: identity, type: EvdevCodes.evSyn, code: EvdevCodes.synDropped, value: 0))
                    flags = LIBEVDEV_READ_FLAG_SYNC.rawValue
                } else {
                    events.append(EvdevEvent(device: identity, type: event.type, code: event.code, value: event.value))
                }
            case -ErrorNumber.tryAgain:
                if flags == LIBEVDEV_READ_FLAG_SYNC.rawValue {
                    flags = LIBEVDEV_READ_FLAG_NORMAL.rawValue
                    continue
                }
                return .drained
            case -ErrorNumber.interrupted:
                continue
            default:
                return .gone(SystemError(call: "libevdev_next_event", errno: -status))
            }
        }
    }
}

/// Finds input devices.
public enum EvdevDiscovery {
    public struct Found: Equatable, Sendable {
        public var path: String
        public var identity: EvdevDeviceIdentity
    }

    /// The readable `event*` devices in `directory`, in name order. Devices
    /// that cannot be opened are listed in `failures`.
    public static func scan(directory: String = "/dev/input") -> (found: [Found], failures: [String]) {
        let names: [String]
        do { names = try DirectoryListing.names(in: directory).filter { $0.hasPrefix("event") } } catch {
            return ([], ["\(directory): \(error.reason)"])
        }
        var found: [Found] = [], failures: [String] = []
        for name in names.sorted(by: { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }) {
            let path = directory + "/" + name
            do {
                let device = try EvdevDevice(path: path)
                found.append(Found(path: path, identity: device.identity))
            } catch {
                failures.append(error.description)
            }
        }
        return (found, failures)
    }
}
