import StationModel

/// The adaptive-instruction rule, per worker and product, from finished
/// cycles (defaults; each number is a station setting):
///
/// - one level less detailed (up to 3) after 5 consecutive finished cycles at
///   the current level, each without errors and help and within 1.2 × the
///   norm time;
/// - one level more detailed (down to 1) when 2 of the last 3 finished
///   cycles at the current level had errors or help.
///
/// Advice is given once, when it changes: the same advice is not repeated
/// every cycle. Abandoned cycles do not count; a level change starts a new
/// series.
public struct LevelAdvisor: Sendable {
    public struct Advice: Equatable, Sendable {
        public var from: Int
        public var to: Int
        public var reason: String
    }

    private struct Series: Sendable {
        var level: Int
        var recent: [(clean: Bool, fast: Bool)] = []
        var advised: Int?
    }

    private let settings: LevelSettings
    private var series: [String: Series] = [:]

    public init(settings: LevelSettings) {
        self.settings = settings
    }

    /// Takes a finished cycle at `level`; returns new advice, if any.
    public mutating func finished(worker: String, product: String, level: Int, duration: Micros, normTime: Micros,
                                  errors: Int, help: Int) -> Advice? {
        let key = worker + "\u{1F}" + product
        var current = series[key] ?? Series(level: level)
        if current.level != level { current = Series(level: level) }
        let clean = errors == 0 && help == 0
        let fast = Double(duration) <= settings.timeFactor * Double(normTime)
        current.recent.append((clean, fast))
        let keep = max(settings.lessDetailAfter, settings.moreDetailWindow)
        if current.recent.count > keep { current.recent.removeFirst(current.recent.count - keep) }

        var target: Int?
        var reason = ""
        let window = current.recent.suffix(settings.moreDetailWindow)
        let streak = current.recent.suffix(settings.lessDetailAfter)
        if level > 1, window.filter({ !$0.clean }).count >= settings.moreDetailWhen {
            target = level - 1
            reason = "\(settings.moreDetailWhen) of the last \(settings.moreDetailWindow) finished cycles had errors or help"
        } else if level < 3, streak.count == settings.lessDetailAfter, streak.allSatisfy({ $0.clean && $0.fast }) {
            target = level + 1
            reason = "\(settings.lessDetailAfter) finished cycles in a row without errors or help, each within "
                + "\(Self.format(settings.timeFactor)) × the norm time"
        }
        defer { series[key] = current }
        guard target != current.advised else { return nil }
        current.advised = target
        guard let target else { return nil }
        return Advice(from: level, to: target, reason: reason)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
