import JSONLines
import StationEngine

/// Trace lines (`cli-and-files.md`): `t` and `type` first, then the fields
/// of the event type in the contract's order.
public enum TraceEncoding {
    public static func line(_ event: TraceEvent) -> String {
        var json = JSONLineBuilder()
        json.add("t", numberLiteral: seconds(event.time))
        json.add("type", string: event.type)
        switch event.kind {
        case .login(let worker), .logout(let worker):
            json.add("worker", string: worker)
        case let .cycleStart(worker, product, cycle, level):
            json.add("worker", string: worker)
            json.add("product", string: product)
            json.add("cycle", int: cycle)
            json.add("level", int: level)
        case let .step(step, index):
            json.add("step", string: step)
            json.add("index", int: index)
        case let .stepDone(step, duration), let .slow(step, duration):
            json.add("step", string: step)
            json.add("duration_s", numberLiteral: seconds(duration))
        case let .error(step, kind, input):
            json.add("step", string: step)
            json.add("kind", string: kind.rawValue)
            json.add("input", string: input)
        case let .blocked(step, input):
            json.add("step", string: step)
            json.add("input", string: input)
        case let .cleared(step, by):
            json.add("step", string: step)
            json.add("by", string: by.rawValue)
        case let .help(step, level):
            json.add("step", string: step)
            json.add("level", int: level)
        case let .cycleAbandoned(worker, product, cycle):
            json.add("worker", string: worker)
            json.add("product", string: product)
            json.add("cycle", int: cycle)
        case let .cycleDone(worker, product, cycle, duration, errors, help):
            json.add("worker", string: worker)
            json.add("product", string: product)
            json.add("cycle", int: cycle)
            json.add("duration_s", numberLiteral: seconds(duration))
            json.add("errors", int: errors)
            json.add("help", int: help)
        case let .levelAdvice(worker, product, from, to, reason):
            json.add("worker", string: worker)
            json.add("product", string: product)
            json.add("from", int: from)
            json.add("to", int: to)
            json.add("reason", string: reason)
        case let .dropped(source, reason):
            json.add("source", string: source.rawValue)
            json.add("reason", string: reason)
        }
        return json.line
    }

    /// Microseconds as the shortest exact decimal seconds, with at least one
    /// decimal: 0 → `0.0`, 2_500_000 → `2.5`, 1_234 → `0.001234`.
    public static func seconds(_ micros: Micros) -> String {
        let magnitude = micros.magnitude
        var fraction = magnitude % 1_000_000
        var digits = 6
        while digits > 1 && fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        var text = micros < 0 ? "-" : ""
        text += String(magnitude / 1_000_000)
        text += "."
        if fractionText.utf8.count < digits { text += String(repeating: "0", count: digits - fractionText.utf8.count) }
        text += fractionText
        return text
    }
}
