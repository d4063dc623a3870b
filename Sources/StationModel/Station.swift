/// A station: one physical workplace with its inputs, outputs, zones and the
/// products that can be assembled there. Built only by `StationLoader`, so a
/// value of this type has every reference resolved and checked.
public struct Station: Sendable {
    public var id: String
    public var name: String
    /// Default language of instruction texts.
    public var language: String
    public var table: TableSize
    public var projector: Projector
    /// The station boards in file order: the one of `board:` (named
    /// `board`), or those of `boards:` under their own names; empty: none.
    public var boards: [StationBoard]
    /// Logical inputs in file order.
    public var inputs: [Input]
    public var outputs: [Output]
    /// Zones in file order.
    public var zones: [Zone]
    public var roles: Roles
    public var supervisors: Set<String>
    public var levels: LevelSettings
    /// Products in file-name order.
    public var products: [Product]
    /// The folder the station was loaded from, for media paths.
    public var directory: String

    public func input(named name: String) -> Input? { inputs.first { $0.name == name } }
    public func board(named name: String) -> StationBoard? { boards.first { $0.name == name } }
    /// The first board's selector: the one board of most stations.
    public var board: BoardSelector? { boards.first?.selector }
    public func zone(named name: String) -> Zone? { zones.first { $0.name == name } }
    public func product(withID id: String) -> Product? { products.first { $0.id == id } }

    /// The label of the thing called `name` in `language`: the input's, else
    /// the zone's, else the output's of that name (a bin is often all three,
    /// labelled once). Nil when none has a text in that language.
    public func label(of name: String, in language: String) -> String? {
        let labels = [input(named: name)?.label, zone(named: name)?.label, outputs.first { $0.name == name }?.label]
        return labels.lazy.compactMap { $0?.texts[language] }.first
    }
}

public struct TableSize: Sendable, Equatable {
    public var widthMM: Double
    public var depthMM: Double
}

public struct Projector: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Framebuffer device for live mode.
    public var output: String
    /// Exactly 4 points, no three collinear (checked by the loader).
    public var calibration: [CalibrationPoint]
    /// The smallest text on the table: the height of a capital letter in
    /// millimetres (`min_text_mm`), which the renderer turns into pixels
    /// through the calibration. Workers who read poorly need it large.
    public var minTextMM: Double = Projector.defaultMinTextMM

    public static let defaultMinTextMM = 10.0
}

public struct CalibrationPoint: Sendable, Equatable {
    public var table: Point
    public var pixel: Point
    public init(table: Point, pixel: Point) {
        self.table = table
        self.pixel = pixel
    }
}

public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// One station board and the name its inputs, outputs, script lines and
/// engine device (`deviceOffline(name)`) use.
public struct StationBoard: Sendable, Equatable {
    /// The name of the board of a station's `board:` section, and the board
    /// a script line or input means when it names none.
    public static let singleName = "board"

    public var name: String
    public var selector: BoardSelector

    public init(name: String, selector: BoardSelector) {
        self.name = name
        self.selector = selector
    }

    /// How log lines name the board called `name`: `board` for the single
    /// board (as they always have), `board left` for a named one.
    public static func logName(_ name: String) -> String {
        name == singleName ? "board" : "board \(name)"
    }
}

/// Which USB station board to use (see `firmware-protocol/`).
public struct BoardSelector: Sendable, Equatable {
    public var vendor: UInt16
    public var product: UInt16
    public var serial: String?

    public init(vendor: UInt16, product: UInt16, serial: String? = nil) {
        self.vendor = vendor
        self.product = product
        self.serial = serial
    }
}

public struct Input: Sendable, Equatable {
    public var name: String
    public var source: InputSource
    /// What workers call it ("bakje 2 (rood)"), per language; nil: none given.
    public var label: LocalizedText? = nil
}

public enum InputSource: Sendable, Equatable {
    case evdev(EvdevSource)
    /// A channel of the board named `board`.
    case board(BoardChannel, board: String)
}

/// How an evdev device is recognised, and what it delivers.
public struct EvdevSource: Sendable, Equatable {
    public var device: String?
    public var phys: String?
    public var vendor: UInt16?
    public var product: UInt16?
    public var delivery: Delivery

    public enum Delivery: Sendable, Equatable {
        /// One key or button; `code` is its Linux code.
        case key(name: String, code: UInt16)
        /// Keyboard-wedge text, ended by KEY_ENTER.
        case text
    }
}

public enum BoardChannel: Sendable, Hashable {
    case sensor(Int)
    case tool(Int)
}

extension Input {
    /// What kind of value the input delivers, which decides what a step may ask of it.
    public enum Kind: Sendable, Equatable {
        case button, text, sensor, tool
    }

    public var kind: Kind {
        switch source {
        case .evdev(let source):
            if case .text = source.delivery { return .text }
            return .button
        case .board(.sensor, _): return .sensor
        case .board(.tool, _): return .tool
        }
    }
}

public struct Output: Sendable, Equatable {
    public var name: String
    /// The light's number on its board, from 1.
    public var light: Int
    /// The name of the board the light is on.
    public var board: String
    public var label: LocalizedText? = nil
}

/// A rectangle on the table in millimetres from the table's origin.
public struct Zone: Sendable, Equatable {
    public var name: String
    public var x: Double
    public var y: Double
    public var w: Double
    public var h: Double
    public var label: LocalizedText? = nil
}

/// Which inputs play which part at station level. Each is optional; the
/// loader refuses steps that need a role the station lacks.
public struct Roles: Sendable, Equatable {
    public var acknowledge: String?
    public var help: String?
    public var login: String?
    public var select: String?
}

/// Instruction-level advice settings (`levels:` in station.yaml).
public struct LevelSettings: Sendable, Equatable {
    /// Apply advised levels from the next cycle without a supervisor.
    public var auto: Bool = false
    /// Advise one level less detailed after this many consecutive finished
    /// cycles at the current level without errors or help, each within
    /// `timeFactor` × the norm time.
    public var lessDetailAfter: Int = 5
    public var timeFactor: Double = 1.2
    /// Advise one level more detailed when `moreDetailWhen` of the last
    /// `moreDetailWindow` finished cycles had errors or help.
    public var moreDetailWindow: Int = 3
    public var moreDetailWhen: Int = 2

    public init() {}
}
