import StationEngine

/// One input event from an evdev device, with what is known of the device.
public struct EvdevEvent: Equatable, Sendable {
    public var device: EvdevDeviceIdentity
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(device: EvdevDeviceIdentity, type: UInt16, code: UInt16, value: Int32) {
        self.device = device
        self.type = type
        self.code = code
        self.value = value
    }
}

/// How a device presents itself. Live devices report every field; a script
/// line may give only the name, and fields it leaves out are not compared.
public struct EvdevDeviceIdentity: Hashable, Sendable, CustomStringConvertible {
    public var name: String?
    public var phys: String?
    public var vendor: UInt16?
    public var product: UInt16?

    public init(name: String?, phys: String? = nil, vendor: UInt16? = nil, product: UInt16? = nil) {
        self.name = name
        self.phys = phys
        self.vendor = vendor
        self.product = product
    }

    public var description: String {
        var parts: [String] = []
        if let name { parts.append("\"\(InputText.escaped(name))\"") }
        if let phys { parts.append("phys \(InputText.escaped(phys))") }
        if let vendor, let product { parts.append(String(format: "%04x:%04x", vendor, product)) }
        return parts.isEmpty ? "an unnamed device" : parts.joined(separator: " ")
    }
}

/// The few Linux event types and codes the mapping itself looks at
/// (<linux/input-event-codes.h>). Names for scripts and messages come from
/// libevdev (`Evdev.EvdevNames`), not from here.
public enum EvdevCodes {
    public static let evSyn: UInt16 = 0, evKey: UInt16 = 1, evMsc: UInt16 = 4
    public static let synDropped: UInt16 = 3
    public static let mscScan: UInt16 = 4
}
