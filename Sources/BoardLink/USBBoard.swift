import BoardProtocol
import CLibUSB
import LinuxSystem

/// A libusb error, typed.
public struct USBError: Error, Equatable, CustomStringConvertible {
    public var call: String
    public var code: Int32
    public var description: String { "\(call): \(String(cString: libusb_strerror(code)))" }
    public var isNoDevice: Bool { code == LIBUSB_ERROR_NO_DEVICE.rawValue }
}

/// The one place that calls libusb functions returning a libusb error code.
enum USBCall {
    @discardableResult
    static func run(_ name: String, _ body: () -> Int32) throws(USBError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            if result == LIBUSB_ERROR_INTERRUPTED.rawValue { continue }
            throw USBError(call: name, code: result)
        }
    }
}

/// A libusb context, driven from the caller's event loop through its poll
/// file descriptors: no thread of its own.
public final class USBContext {
    let context: OpaquePointer

    public init() throws(USBError) {
        var context: OpaquePointer?
        try USBCall.run("libusb_init") { libusb_init(&context) }
        self.context = context!
    }

    deinit { libusb_exit(context) }

    /// The descriptors to watch, with the poll events libusb wants.
    public func pollDescriptors() -> [(fd: Int32, events: Int16)] {
        guard let list = libusb_get_pollfds(context) else { return [] }
        defer { libusb_free_pollfds(list) }
        var result: [(Int32, Int16)] = []
        var index = 0
        while let entry = list[index] {
            result.append((entry.pointee.fd, entry.pointee.events))
            index += 1
        }
        return result
    }

    /// Handles whatever is ready, without blocking: completes transfers.
    public func handleEvents() {
        handleEvents(waitingAtMost: 0)
    }

    /// Handles events, waiting in libusb's own poll for at most
    /// `microseconds` until one comes: for waits outside the live loop.
    func handleEvents(waitingAtMost microseconds: Int64) {
        let wait = max(0, microseconds)
        var timeout = timeval(tv_sec: Int(wait / 1_000_000), tv_usec: Int(wait % 1_000_000))
        libusb_handle_events_timeout_completed(context, &timeout, nil)
    }

    /// Handles events until `done` holds or `microseconds` have passed;
    /// whether `done` held.
    @discardableResult
    func handleEvents(until done: () -> Bool, forAtMost microseconds: Int64, clock: StationClock = SystemClock.shared) -> Bool {
        let deadline = clock.monotonicMicros() + microseconds
        while !done() {
            let remaining = deadline - clock.monotonicMicros()
            if remaining <= 0 { return false }
            handleEvents(waitingAtMost: remaining)
        }
        return true
    }

    /// USB devices present with this vendor and product id.
    public func count(vendor: UInt16, product: UInt16) -> Int {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        guard count > 0, let list else { return 0 }
        defer { libusb_free_device_list(list, 1) }
        var found = 0
        for index in 0..<count {
            var descriptor = libusb_device_descriptor()
            if libusb_get_device_descriptor(list[index], &descriptor) == 0,
               descriptor.idVendor == vendor, descriptor.idProduct == product { found += 1 }
        }
        return found
    }
}

/// The station board's USB link: interface 0 claimed, one bulk IN transfer
/// always pending on 0x81, frames written to 0x01. What arrives is handed
/// over one transfer at a time; a vanished device is reported once.
public final class USBBoard {
    public static let interface: Int32 = 0
    public static let inEndpoint: UInt8 = 0x81
    public static let outEndpoint: UInt8 = 0x01
    public static let packetSize = 64

    private let context: USBContext
    private let handle: OpaquePointer
    private var inTransfer: UnsafeMutablePointer<libusb_transfer>?
    /// The IN transfer is with libusb (submitted, its callback not yet run): it must not be freed.
    private var inPending = false
    private let inBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: packetSize)
    private var outstandingOut = 0
    public private(set) var isGone = false
    private var closing = false

    /// Called with the bytes of each IN transfer.
    public var onTransfer: ([UInt8]) -> Void = { _ in }
    /// Called once when the device is unplugged or fails.
    public var onGone: (USBError) -> Void = { _ in }

    /// Opens the first board with this vendor and product id (and this
    /// serial number string, when given) that can be claimed, or nil when
    /// there is none. Several boards of one kind are told apart by serial; a
    /// device whose serial string cannot be read is tried as well.
    public static func open(context: USBContext, vendor: UInt16, product: UInt16, serial: String? = nil) throws(USBError) -> USBBoard? {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context.context, &list)
        guard count >= 0, let list else { throw USBError(call: "libusb_get_device_list", code: Int32(count)) }
        defer { libusb_free_device_list(list, 1) }
        var lastError: USBError?
        for index in 0..<count {
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(list[index], &descriptor) == 0,
                  descriptor.idVendor == vendor, descriptor.idProduct == product else { continue }
            var handle: OpaquePointer?
            do {
                try USBCall.run("libusb_open") { libusb_open(list[index], &handle) }
                // A serial that cannot be read is no refusal: the handshake's IDENTIFY still names the board.
                if let serial, let found = serialNumber(handle!, index: descriptor.iSerialNumber), found != serial {
                    libusb_close(handle)
                    continue
                }
                _ = libusb_set_auto_detach_kernel_driver(handle, 1)
                try USBCall.run("libusb_claim_interface") { libusb_claim_interface(handle, interface) }
                let board = USBBoard(context: context, handle: handle!)
                try board.submitIn()
                return board
            } catch {
                if let handle { libusb_close(handle) }
                lastError = error
            }
        }
        if let lastError { throw lastError }
        return nil
    }

    /// The device's serial number string (nil: it has none or it cannot be read).
    private static func serialNumber(_ handle: OpaquePointer, index: UInt8) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = libusb_get_string_descriptor_ascii(handle, index, &buffer, Int32(buffer.count))
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }

    private init(context: USBContext, handle: OpaquePointer) {
        self.context = context
        self.handle = handle
    }

    deinit {
        close()
        inBuffer.deallocate()
    }

    private func submitIn() throws(USBError) {
        let transfer = inTransfer ?? libusb_alloc_transfer(0)!
        inTransfer = transfer
        libusb_fill_bulk_transfer(transfer, handle, Self.inEndpoint, inBuffer, Int32(Self.packetSize), { transfer in
            guard let transfer, let owner = transfer.pointee.user_data else { return }
            Unmanaged<USBBoard>.fromOpaque(owner).takeUnretainedValue().inCompleted(transfer)
        }, Unmanaged.passUnretained(self).toOpaque(), 0)
        try USBCall.run("libusb_submit_transfer") { libusb_submit_transfer(transfer) }
        inPending = true
    }

    private func inCompleted(_ transfer: UnsafeMutablePointer<libusb_transfer>) {
        inPending = false
        switch transfer.pointee.status {
        case LIBUSB_TRANSFER_COMPLETED:
            let bytes = Array(UnsafeBufferPointer(start: transfer.pointee.buffer, count: Int(transfer.pointee.actual_length)))
            if !bytes.isEmpty { onTransfer(bytes) }
            if !closing {
                do { try submitIn() } catch { gone(error) }
            }
        case LIBUSB_TRANSFER_CANCELLED:
            break
        case LIBUSB_TRANSFER_TIMED_OUT:
            if !closing { try? submitIn() }
        default:
            gone(USBError(call: "bulk IN transfer", code: LIBUSB_ERROR_NO_DEVICE.rawValue))
        }
    }

    private func gone(_ error: USBError) {
        guard !isGone else { return }
        isGone = true
        onGone(error)
    }

    /// Writes one transfer (whole frames) to the board, asynchronously.
    public func send(_ bytes: [UInt8]) throws(USBError) {
        guard !isGone else { throw USBError(call: "send", code: LIBUSB_ERROR_NO_DEVICE.rawValue) }
        let transfer = libusb_alloc_transfer(0)!
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        buffer.initialize(from: bytes, count: bytes.count)
        libusb_fill_bulk_transfer(transfer, handle, Self.outEndpoint, buffer, Int32(bytes.count), { transfer in
            guard let transfer else { return }
            if let owner = transfer.pointee.user_data {
                let board = Unmanaged<USBBoard>.fromOpaque(owner).takeUnretainedValue()
                board.outstandingOut -= 1
                if transfer.pointee.status == LIBUSB_TRANSFER_NO_DEVICE {
                    board.gone(USBError(call: "bulk OUT transfer", code: LIBUSB_ERROR_NO_DEVICE.rawValue))
                }
            }
            transfer.pointee.buffer.deallocate()
            libusb_free_transfer(transfer)
        }, Unmanaged.passUnretained(self).toOpaque(), 1000)
        do {
            try USBCall.run("libusb_submit_transfer") { libusb_submit_transfer(transfer) }
            outstandingOut += 1
        } catch {
            buffer.deallocate()
            libusb_free_transfer(transfer)
            if error.isNoDevice { gone(error) }
            throw error
        }
    }

    /// Sends `bytes` and waits (at most `timeout` µs) until written: for
    /// the lights-off frame at shutdown.
    public func sendAndFlush(_ bytes: [UInt8], timeout: Int64 = 500_000) {
        guard (try? send(bytes)) != nil else { return }
        context.handleEvents(until: { outstandingOut == 0 }, forAtMost: timeout)
    }

    /// Cancels the pending transfer, releases the interface and closes.
    public func close() {
        guard !closing else { return }
        closing = true
        if let inTransfer {
            if inPending {
                libusb_cancel_transfer(inTransfer)
                context.handleEvents(until: { !inPending }, forAtMost: 200_000)
            }
            // A transfer that never came back cannot be freed safely; it is left to the process's end.
            if !inPending { libusb_free_transfer(inTransfer) }
            self.inTransfer = nil
        }
        if !isGone { libusb_release_interface(handle, Self.interface) }
        libusb_close(handle)
    }
}
