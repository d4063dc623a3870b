import StationEngine
import StationModel

/// A seeded generator, so that every run of the benchmark replays the same shift.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A generated shift at one station: workers take turns, each works whole
/// cycles of one product at a pace around the norm time, now and then picks
/// from a wrong bin (and acknowledges), asks for help, or is slow. Badges and
/// product scans go through the station's roles, as a worker would do it.
public struct ShiftPlan: Sendable {
    public struct Entry: Sendable, Equatable {
        /// µs since the shift started.
        public var time: Micros
        public var input: EngineInput
    }

    public enum PlanError: Error, CustomStringConvertible {
        case missingRole(String)
        case noText(step: String, pattern: String)
        public var description: String {
            switch self {
            case .missingRole(let role): "the station has no \(role) role, which a generated shift needs"
            case let .noText(step, pattern): "cannot make a text matching \(pattern) for step \(step)"
            }
        }
    }

    public var entries: [Entry] = []
    public var cycles = 0

    /// `hours` of work by `workers` workers taking turns of equal length.
    public init(station: Station, hours: Double, workers: Int, seed: UInt64 = 42,
                errorRate: Double = 0.04, helpRate: Double = 0.02) throws(PlanError) {
        guard station.roles.login != nil else { throw .missingRole("login") }
        guard station.roles.select != nil else { throw .missingRole("select") }
        var random = SplitMix64(seed: seed)
        let shiftEnd = Micros(hours * 3_600_000_000)
        let turn = shiftEnd / Micros(max(1, workers))
        let ordinary = station.inputs.filter { $0.name != station.roles.acknowledge && $0.name != station.roles.help }
        var now: Micros = 0
        func add(_ input: EngineInput) { entries.append(Entry(time: now, input: input)) }
        func wait(_ micros: Double) { now += max(50_000, Micros(micros)) }

        for index in 0..<max(1, workers) {
            let worker = "W" + String(100 + index)
            let turnEnd = turn * Micros(index + 1)
            add(.badge(worker))
            wait(2_000_000)
            let product = station.products[Int.random(in: 0..<station.products.count, using: &random)]
            // Each worker has their own pace around the norm, as in a mixed team.
            let pace = Double.random(in: 0.8...1.6, using: &random)
            while now < turnEnd {
                add(.product(product.id))
                wait(1_500_000)
                for step in product.steps {
                    let stepTime = Double(product.normTime) / Double(max(1, product.steps.count)) * pace
                    if Double.random(in: 0..<1, using: &random) < helpRate, let help = station.roles.help {
                        wait(stepTime * 0.3)
                        add(.input(help, .press))
                    }
                    if Double.random(in: 0..<1, using: &random) < errorRate {
                        let wrong = step.wrong.isEmpty
                            ? ordinary.filter { $0.kind == .sensor && $0.name != step.done.input }.map(\.name)
                            : step.wrong
                        if let name = wrong.randomElement(using: &random) {
                            wait(stepTime * 0.5)
                            add(.input(name, .press))
                            wait(1_500_000)
                            switch step.clear {
                            case .acknowledge:
                                if let acknowledge = station.roles.acknowledge { add(.input(acknowledge, .press)) }
                            case .auto:
                                wait(3_500_000)
                            case .supervisor:
                                if let supervisor = station.supervisors.sorted().first { add(.badge(supervisor)) }
                            }
                        }
                    }
                    for _ in 0..<max(1, step.done.count) {
                        wait(stepTime * Double.random(in: 0.6...1.4, using: &random) / Double(max(1, step.done.count)))
                        add(.input(step.done.input, try Self.value(for: step, station: station, random: &random)))
                    }
                }
                cycles += 1
                wait(Double.random(in: 1_000_000...4_000_000, using: &random))
            }
            // The same badge again logs out.
            add(.badge(worker))
            wait(60_000_000)
        }
    }

    private static func value(for step: Step, station: Station, random: inout SplitMix64) throws(PlanError) -> InputValue {
        switch station.input(named: step.done.input)?.kind {
        case .tool?: return .tool(ok: step.done.ok ?? true)
        case .text?:
            guard let pattern = step.done.match else { return .text("X" + String(Int.random(in: 0..<1_000_000, using: &random))) }
            guard let text = PatternSample.text(matching: pattern, random: &random) else {
                throw .noText(step: step.id, pattern: pattern.source)
            }
            return .text(text)
        default: return .press
        }
    }
}

/// A text matching a simple regular expression: literals, escapes, classes
/// with ranges, `\d`/`\w`, and the quantifiers `?`, `*`, `+`, `{n}`, `{n,m}`.
/// Enough for barcode patterns; checked against the real pattern.
enum PatternSample {
    static func text(matching pattern: TextPattern, random: inout SplitMix64) -> String? {
        let source = Array(pattern.source)
        var index = 0
        var out = ""
        while index < source.count {
            var choices: [Character]
            let c = source[index]
            index += 1
            switch c {
            case "^", "$": continue
            case "\\":
                guard index < source.count else { return nil }
                let e = source[index]
                index += 1
                switch e {
                case "d": choices = Array("0123456789")
                case "w": choices = Array("abcXYZ019_")
                default: choices = [e]
                }
            case "[":
                choices = []
                guard source[index] != "^" else { return nil }
                while index < source.count && source[index] != "]" {
                    let start = source[index]
                    if index + 2 < source.count, source[index + 1] == "-", source[index + 2] != "]",
                       let low = start.asciiValue, let high = source[index + 2].asciiValue, low <= high {
                        choices += (low...high).map { Character(Unicode.Scalar($0)) }
                        index += 3
                    } else {
                        choices.append(start)
                        index += 1
                    }
                }
                index += 1
            case ".": choices = Array("ABC123")
            case "(", ")", "|": return nil
            default: choices = [c]
            }
            var count = 1
            if index < source.count {
                switch source[index] {
                case "?": count = 1; index += 1
                case "*", "+": count = 2; index += 1
                case "{":
                    guard let close = source[index...].firstIndex(of: "}") else { return nil }
                    let bounds = String(source[(index + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
                    guard let low = Int(bounds[0]) else { return nil }
                    count = low == 0 ? 1 : low
                    index = close + 1
                default: break
                }
            }
            guard !choices.isEmpty else { return nil }
            for _ in 0..<count { out.append(choices[Int.random(in: 0..<choices.count, using: &random)]) }
        }
        return pattern.matches(out) ? out : nil
    }
}
