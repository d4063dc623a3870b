import StationModel

/// Folds the engine's trace events into journal records. Pure: it returns
/// what to write, and the caller writes it, so the runtime decides where the
/// I/O happens (the live loop keeps it off the input-to-frame path).
public struct CycleRecorder: Sendable {
    public enum Write: Sendable, Equatable {
        case login(worker: String, at: Int64)
        case logout(worker: String, at: Int64)
        case cycle(CycleRecord)
        /// The engine's `level_advice`: kept as the worker's latest advice on
        /// the product; `applied` (`levels.auto`) also records the level
        /// change, set by `auto`.
        case advice(worker: String, product: String, from: Int, to: Int, reason: String, at: Int64, applied: Bool)
    }

    private let station: Station
    /// Absolute time (µs since the epoch) of engine time 0.
    private let origin: Int64
    private var pending: CycleRecord?

    public init(station: Station, origin: Int64) {
        self.station = station
        self.origin = origin
    }

    /// Takes one event; returns the record to write, if the event completes one.
    public mutating func take(_ event: TraceEvent) -> Write? {
        // Saturating: a script's times come from outside and may be absurd.
        let (sum, overflow) = origin.addingReportingOverflow(event.time)
        let at = overflow ? (event.time > 0 ? Int64.max : Int64.min) : sum
        switch event.kind {
        case .login(let worker):
            return .login(worker: worker, at: at)
        case .logout(let worker):
            return .logout(worker: worker, at: at)
        case let .levelAdvice(worker, product, from, to, reason):
            return .advice(worker: worker, product: product, from: from, to: to, reason: reason, at: at,
                           applied: station.levels.auto)
        case let .cycleStart(worker, product, cycle, level):
            let norm = station.product(withID: product)?.normTime ?? 0
            pending = CycleRecord(station: station.id, worker: worker, product: product, number: cycle, level: level,
                                  status: .abandoned, startedAt: at, endedAt: at, duration: nil,
                                  errors: 0, help: 0, normTime: norm)
        case let .step(step, index):
            pending?.steps.append(.init(step: step, index: index, startedAt: at))
        case let .stepDone(_, duration):
            updateLastStep { $0.duration = duration }
        case let .error(step, kind, input):
            guard let index = pending?.steps.last?.index else { return nil }
            pending?.errors += 1
            pending?.errorRecords.append(.init(step: step, index: index, at: at, kind: kind.rawValue, input: input))
            updateLastStep { $0.errors += 1 }
        case let .cleared(_, by):
            guard let open = pending?.errorRecords.lastIndex(where: { $0.clearedBy == nil }) else { return nil }
            pending?.errorRecords[open].clearedBy = by.rawValue
            pending?.errorRecords[open].clearedAt = at
        case let .help(step, level):
            guard let index = pending?.steps.last?.index else { return nil }
            pending?.help += 1
            pending?.helpRequests.append(.init(step: step, index: index, at: at, level: level))
            updateLastStep { $0.help += 1 }
        case .blocked:
            updateLastStep { $0.blocked += 1 }
        case .slow:
            updateLastStep { $0.slow = true }
        case let .cycleDone(_, _, _, duration, _, _):
            return finish(at: at, status: .done, duration: duration)
        case .cycleAbandoned:
            return finish(at: at, status: .abandoned, duration: nil)
        case .dropped:
            break
        }
        return nil
    }

    private mutating func updateLastStep(_ change: (inout CycleRecord.StepRecord) -> Void) {
        guard let last = pending?.steps.indices.last else { return }
        change(&pending!.steps[last])
    }

    private mutating func finish(at: Int64, status: CycleRecord.Status, duration: Int64?) -> Write? {
        guard var record = pending else { return nil }
        pending = nil
        record.status = status
        record.endedAt = at
        record.duration = duration
        return .cycle(record)
    }
}
