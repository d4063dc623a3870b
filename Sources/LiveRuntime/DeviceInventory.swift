import BoardLink
import Evdev
import InputMapping
import StationModel

/// What devices this machine has and which station inputs each would serve
/// (`oss devices`), and which station inputs have no device yet.
public struct DeviceInventory: Sendable {
    public struct InputDevice: Sendable, Equatable {
        public var path: String
        public var identity: EvdevDeviceIdentity
        /// Station inputs this device would serve; empty when none.
        public var serves: [String]
    }

    public var inputDevices: [InputDevice] = []
    /// Devices that exist but could not be opened (permissions, errors).
    public var unreadable: [String] = []
    /// Boards with the station's first (or the default) vendor and product id.
    public var boards = 0
    public var boardID: (vendor: UInt16, product: UInt16) = (0x1209, 0x0001)
    /// Per board of the station: USB devices with its vendor and product id
    /// (boards that share an id are told apart by serial when opened).
    public var boardsFound: [String: Int] = [:]
    /// Station inputs that no present device would serve.
    public var missing: [String] = []

    /// Looks at `/dev/input` and the USB bus.
    public static func take(station: Station?, inputDirectory: String = "/dev/input") -> DeviceInventory {
        var inventory = DeviceInventory()
        let mapper = station.map(EvdevMapper.init)
        let scan = EvdevDiscovery.scan(directory: inputDirectory)
        inventory.unreadable = scan.failures
        inventory.inputDevices = scan.found.map {
            InputDevice(path: $0.path, identity: $0.identity, serves: mapper?.inputs(servedBy: $0.identity) ?? [])
        }
        if let board = station?.board { inventory.boardID = (board.vendor, board.product) }
        if let context = try? USBContext() {
            inventory.boards = context.count(vendor: inventory.boardID.vendor, product: inventory.boardID.product)
            for board in station?.boards ?? [] {
                inventory.boardsFound[board.name] = context.count(vendor: board.selector.vendor, product: board.selector.product)
            }
        }
        guard let station else { return inventory }
        let served = Set(inventory.inputDevices.flatMap(\.serves))
        inventory.missing = station.inputs.compactMap { input in
            switch input.source {
            case .evdev: served.contains(input.name) ? nil : input.name
            case .board(_, let board): (inventory.boardsFound[board] ?? 0) > 0 ? nil : input.name
            }
        }
        return inventory
    }

    /// The report for people.
    public func report(station: Station?) -> String {
        var lines = ["Input devices:"]
        if inputDevices.isEmpty { lines.append("  none found") }
        for device in inputDevices {
            let serving = device.serves.isEmpty ? (station == nil ? "" : "  (no station input)") : "  -> " + device.serves.joined(separator: ", ")
            lines.append("  \(device.path)  \(device.identity)\(serving)")
        }
        for failure in unreadable { lines.append("  cannot open \(failure)") }
        let id = String(format: "%04x:%04x", boardID.vendor, boardID.product)
        lines.append("Station boards (USB \(id)): \(boards) found")
        if let station, station.boards.count > 1 {
            for board in station.boards {
                let named = String(format: "%04x:%04x", board.selector.vendor, board.selector.product)
                lines.append("  board \(board.name) (USB \(named)): \(boardsFound[board.name] ?? 0) found")
            }
        }
        if let station {
            let boardInputs = station.inputs.filter { if case .board = $0.source { true } else { false } }.map(\.name)
            if boards > 0, !boardInputs.isEmpty { lines.append("  -> " + boardInputs.joined(separator: ", ")) }
            lines.append(missing.isEmpty ? "Every input of station \(station.id) has a device."
                                         : "Inputs of station \(station.id) without a device: " + missing.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
