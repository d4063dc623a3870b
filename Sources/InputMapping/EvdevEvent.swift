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
        if let name { parts.append("\"\(name)\"") }
        if let phys { parts.append("phys \(phys)") }
        if let vendor, let product { parts.append(String(format: "%04x:%04x", vendor, product)) }
        return parts.isEmpty ? "an unnamed device" : parts.joined(separator: " ")
    }
}

/// The Linux event types and codes the mapping looks at (<linux/input-event-codes.h>).
public enum EvdevCodes {
    public static let types: [String: UInt16] = [
        "EV_SYN": 0x00, "EV_KEY": 0x01, "EV_REL": 0x02, "EV_ABS": 0x03, "EV_MSC": 0x04, "EV_SW": 0x05,
        "EV_LED": 0x11, "EV_SND": 0x12, "EV_REP": 0x14, "EV_FF": 0x15, "EV_PWR": 0x16,
    ]
    public static let synCodes: [String: UInt16] = ["SYN_REPORT": 0, "SYN_CONFIG": 1, "SYN_MT_REPORT": 2, "SYN_DROPPED": 3]
    public static let mscCodes: [String: UInt16] = ["MSC_SERIAL": 0, "MSC_PULSELED": 1, "MSC_GESTURE": 2, "MSC_RAW": 3, "MSC_SCAN": 4, "MSC_TIMESTAMP": 5]

    public static let evSyn: UInt16 = 0, evKey: UInt16 = 1
    public static let synDropped: UInt16 = 3
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
