/// What can happen at a station, as the engine sees it: logical inputs,
/// already mapped from devices by the runtime.
public enum EngineInput: Sendable, Equatable {
    /// A badge was presented at the login input (or a script's `login`).
    case badge(String)
    /// A product id was scanned at the select input (or a script's `product`).
    case product(String)
    /// A logical input fired.
    case input(String, InputValue)
    /// The worker is logged out explicitly (a script's `logout`), whatever
    /// state the station is in.
    case logout
    /// A device the station needs (the station board) went away or fell
    /// silent: an error of kind `device`, and the station is blocked.
    case deviceOffline(String)
    /// The device is back: the station recovers on its own.
    case deviceOnline(String)
}

/// The value that came with a logical input.
public enum InputValue: Sendable, Equatable {
    /// A button press or a pick-sensor activation.
    case press
    /// A tool result.
    case tool(ok: Bool)
    /// A text from a keyboard-wedge reader (badge, barcode).
    case text(String)
}

/// What the engine needs to know from the past: cycle numbers continue
/// across runs on one journal, and levels are set per worker and product.
/// Both are looked up once per worker and product and then kept in memory.
public struct EngineHistory: Sendable {
    public var lastCycleNumber: @Sendable (_ worker: String, _ product: String) -> Int
    public var level: @Sendable (_ worker: String, _ product: String) -> Int

    public init(lastCycleNumber: @escaping @Sendable (String, String) -> Int,
                level: @escaping @Sendable (String, String) -> Int) {
        self.lastCycleNumber = lastCycleNumber
        self.level = level
    }

    /// A fresh start: no cycles yet, everybody at level 1.
    public static let empty = EngineHistory(lastCycleNumber: { _, _ in 0 }, level: { _, _ in 1 })
}
