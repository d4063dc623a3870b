import StationModel

/// The station's step machine. Pure: no clock, file or device I/O. Time
/// enters with every call, and timers (auto clearing, `slow`) fire at their
/// exact due time when a later call passes it, before that call's input.
///
/// States and transitions (`Phase`):
///
///     loggedOut ──badge W──────────────────────────────▶ idle(W)
///     idle(W) ───badge W / logout───────────────────────▶ loggedOut
///     idle(W) ───badge V (V ≠ W)────────────────────────▶ idle(V)
///     idle(W) ───product P──────────────────────────────▶ running(W, P, step 1)
///     running ───done input, counted `count` times──────▶ running(next step)
///     running ───last step done─────────────────────────▶ running(W, P, cycle+1, step 1)
///                (level_advice first when the advice changed; with levels.auto
///                 the next cycle starts at the advised level)
///     running ───wrong / out-of-order / not ok / no match▶ running + open error (blocked)
///     open error ─clearing input / auto 3 s / supervisor─▶ running (unblocked)
///     running ───product Q (Q ≠ P)──────────────────────▶ running(W, Q, step 1)   (cycle abandoned)
///     running ───badge W / logout───────────────────────▶ loggedOut                (cycle abandoned)
///     running ───badge V (V ≠ W)────────────────────────▶ idle(V)                  (cycle abandoned)
///
/// While an error is open only the clearing input, the step's `done` input
/// (reported as `blocked`), `help` and an explicit `logout` have an effect;
/// every other input, badges and product scans included, is ignored.
///
/// While a device is offline the station is blocked: an `error` of kind
/// `device` is logged on the current step (when a cycle runs), every input
/// but an explicit `logout` is ignored, and when the last offline device is
/// back the error is `cleared` by `auto`.
public struct StepEngine: Sendable {
    public let station: Station
    private let history: EngineHistory

    public private(set) var phase: Phase = .loggedOut
    /// Devices offline now; the station is blocked while there are any.
    public private(set) var offlineDevices: Set<String> = []
    /// The time of the latest call; earlier timestamps are treated as this.
    public private(set) var now: Micros = 0
    private var cycleNumbers: [WorkerProduct: Int] = [:]
    private var advisor: LevelAdvisor
    /// Levels applied by `levels: { auto: true }`, used from the next cycle.
    private var appliedLevels: [WorkerProduct: Int] = [:]

    /// Auto clearing delay of the station format: 3 s.
    public static let autoClearDelay: Micros = 3_000_000

    public enum Phase: Sendable, Equatable {
        case loggedOut
        case idle(worker: String)
        case running(Cycle)
    }

    /// A cycle in progress, with what the display needs to show it.
    public struct Cycle: Sendable, Equatable {
        public var worker: String
        public var product: String
        public var number: Int
        /// The worker's instruction level at the cycle's start.
        public var level: Int
        public var startedAt: Micros
        public var errors = 0
        public var help = 0
        public var step: StepProgress
    }

    public struct StepProgress: Sendable, Equatable {
        /// 0-based index into the product's steps.
        public var index: Int
        public var startedAt: Micros
        /// Good `done` inputs counted so far.
        public var count = 0
        /// The level shown now: the cycle's level, made more detailed by help.
        public var shownLevel: Int
        /// Help requests on this step.
        public var helpRequests = 0
        public var openError: OpenError?
        public var slowDeadline: Micros?
        /// A `device` error is open on this step (the station board is offline).
        public var deviceError = false
    }

    public struct OpenError: Sendable, Equatable {
        public var kind: ErrorKind
        public var input: String
        public var at: Micros
        public var autoClearDeadline: Micros?
    }

    private struct WorkerProduct: Hashable, Sendable {
        var worker: String
        var product: String
    }

    public init(station: Station, history: EngineHistory = .empty) {
        self.station = station
        self.history = history
        advisor = LevelAdvisor(settings: station.levels)
    }

    // MARK: Queries

    public var worker: String? {
        switch phase {
        case .loggedOut: nil
        case .idle(let worker): worker
        case .running(let cycle): cycle.worker
        }
    }

    public var cycle: Cycle? {
        if case .running(let cycle) = phase { return cycle }
        return nil
    }

    /// The earliest pending timer, so a live loop knows when to call `advance`.
    public var nextDeadline: Micros? {
        guard let step = cycle?.step else { return nil }
        return [step.slowDeadline, step.openError?.autoClearDeadline].compactMap { $0 }.min()
    }

    // MARK: Events

    /// Fires every timer due at or before `time`, each at its own due time.
    public mutating func advance(to time: Micros) -> [TraceEvent] {
        var events: [TraceEvent] = []
        advance(to: time, into: &events)
        return events
    }

    /// Handles one input at `time`, after the timers due by then. `source`
    /// is where the input came from, for the `dropped` event of a text that
    /// breaks the `InputText` rule (such a text never reaches a worker id,
    /// a product or a step).
    public mutating func handle(_ input: EngineInput, at time: Micros, from source: DropSource = .script) -> [TraceEvent] {
        var events: [TraceEvent] = []
        advance(to: time, into: &events)
        if let problem = textProblem(in: input) {
            events.append(TraceEvent(time: now, kind: .dropped(source: source, reason: problem)))
            return events
        }
        if !offlineDevices.isEmpty {
            switch input {
            case .logout, .deviceOffline, .deviceOnline: break
            default: return events
            }
        }
        switch input {
        case .deviceOffline(let device):
            deviceWentOffline(device, into: &events)
        case .deviceOnline(let device):
            deviceCameBack(device, into: &events)
        case .badge(let badge):
            handleBadge(badge, into: &events)
        case .product(let product):
            if let select = station.roles.select {
                handleInput(select, .text(product), into: &events)
            } else {
                selectProduct(product, into: &events)
            }
        case .input(let name, let value):
            handleInput(name, value, into: &events)
        case .logout:
            if let worker { logOut(worker, into: &events) }
        }
        return events
    }

    /// `bad text for login: ...` when a text from outside breaks the rule.
    private func textProblem(in input: EngineInput) -> String? {
        let (text, what, kind): (String, String, InputText.Kind)
        switch input {
        case .badge(let badge): (text, what, kind) = (badge, "login", .badge)
        case .product(let product): (text, what, kind) = (product, "product", .scan)
        case .input(let name, .text(let value)):
            (text, what, kind) = (value, "input \"\(InputText.escaped(name))\"", name == station.roles.login ? .badge : .scan)
        default: return nil
        }
        return InputText.problem(in: text, kind: kind).map { "bad text for \(what): \($0)" }
    }

    // MARK: Devices

    private mutating func deviceWentOffline(_ device: String, into events: inout [TraceEvent]) {
        guard offlineDevices.insert(device).inserted, offlineDevices.count == 1,
              case .running(var cycle) = phase else { return }
        let step = steps(of: cycle)[cycle.step.index]
        cycle.errors += 1
        cycle.step.deviceError = true
        phase = .running(cycle)
        events.append(TraceEvent(time: now, kind: .error(step: step.id, kind: .device, input: device)))
    }

    private mutating func deviceCameBack(_ device: String, into events: inout [TraceEvent]) {
        guard offlineDevices.remove(device) != nil, offlineDevices.isEmpty,
              case .running(var cycle) = phase, cycle.step.deviceError else { return }
        cycle.step.deviceError = false
        phase = .running(cycle)
        events.append(TraceEvent(time: now, kind: .cleared(step: steps(of: cycle)[cycle.step.index].id, by: .auto)))
    }

    // MARK: Timers

    private mutating func advance(to time: Micros, into events: inout [TraceEvent]) {
        let target = max(time, now)
        while let deadline = nextDeadline, deadline <= target {
            now = deadline
            fireTimers(dueAt: deadline, into: &events)
        }
        now = target
    }

    private mutating func fireTimers(dueAt deadline: Micros, into events: inout [TraceEvent]) {
        guard case .running(var cycle) = phase else { return }
        let step = steps(of: cycle)[cycle.step.index]
        if cycle.step.slowDeadline == deadline {
            cycle.step.slowDeadline = nil
            events.append(TraceEvent(time: deadline, kind: .slow(step: step.id, duration: deadline - cycle.step.startedAt)))
        }
        if cycle.step.openError?.autoClearDeadline == deadline {
            cycle.step.openError = nil
            events.append(TraceEvent(time: deadline, kind: .cleared(step: step.id, by: .auto)))
        }
        phase = .running(cycle)
    }

    // MARK: Login and product selection

    private mutating func handleBadge(_ badge: String, into events: inout [TraceEvent]) {
        if case .running(var cycle) = phase, cycle.step.openError != nil {
            let step = steps(of: cycle)[cycle.step.index]
            if step.clear == .supervisor, station.supervisors.contains(badge) {
                cycle.step.openError = nil
                phase = .running(cycle)
                events.append(TraceEvent(time: now, kind: .cleared(step: step.id, by: .supervisor)))
            }
            return
        }
        guard let current = worker else {
            phase = .idle(worker: badge)
            events.append(TraceEvent(time: now, kind: .login(worker: badge)))
            return
        }
        logOut(current, into: &events)
        if badge != current {
            phase = .idle(worker: badge)
            events.append(TraceEvent(time: now, kind: .login(worker: badge)))
        }
    }

    private mutating func logOut(_ worker: String, into events: inout [TraceEvent]) {
        abandonCycle(into: &events)
        phase = .loggedOut
        events.append(TraceEvent(time: now, kind: .logout(worker: worker)))
    }

    private mutating func abandonCycle(into events: inout [TraceEvent]) {
        guard case .running(let cycle) = phase else { return }
        events.append(TraceEvent(time: now, kind: .cycleAbandoned(worker: cycle.worker, product: cycle.product, cycle: cycle.number)))
        phase = .idle(worker: cycle.worker)
    }

    private mutating func selectProduct(_ productID: String, into events: inout [TraceEvent]) {
        guard let worker, let product = station.product(withID: productID) else { return }
        if let cycle, cycle.product == product.id { return }
        abandonCycle(into: &events)
        startCycle(worker: worker, product: product, into: &events)
    }

    private mutating func startCycle(worker: String, product: Product, into events: inout [TraceEvent]) {
        let key = WorkerProduct(worker: worker, product: product.id)
        // The journal's number is outside input: at the largest integer it stays there (the
        // journal then refuses the duplicate with a message) instead of trapping.
        let last = cycleNumbers[key] ?? history.lastCycleNumber(worker, product.id)
        let number = last == Int.max ? last : max(0, last) + 1
        cycleNumbers[key] = number
        let level = min(3, max(1, appliedLevels[key] ?? history.level(worker, product.id)))
        events.append(TraceEvent(time: now, kind: .cycleStart(worker: worker, product: product.id, cycle: number, level: level)))
        let cycle = Cycle(worker: worker, product: product.id, number: number, level: level, startedAt: now,
                          step: StepProgress(index: 0, startedAt: now, shownLevel: level))
        phase = .running(cycle)
        enterStep(0, of: product, into: &events)
    }

    private mutating func enterStep(_ index: Int, of product: Product, into events: inout [TraceEvent]) {
        guard case .running(var cycle) = phase else { return }
        let step = product.steps[index]
        cycle.step = StepProgress(index: index, startedAt: now, shownLevel: cycle.level,
                                  slowDeadline: step.maxDuration.map { now + $0 })
        phase = .running(cycle)
        events.append(TraceEvent(time: now, kind: .step(step: step.id, index: index + 1)))
    }

    // MARK: Inputs during a cycle

    private mutating func handleInput(_ name: String, _ value: InputValue, into events: inout [TraceEvent]) {
        let roles = station.roles
        if name == roles.login {
            if case .text(let badge) = value { handleBadge(badge, into: &events) }
            return
        }
        guard case .running(var cycle) = phase else {
            if name == roles.select, case .text(let text) = value {
                selectProduct(text, into: &events)
            }
            return
        }
        let product = station.product(withID: cycle.product)!
        let step = product.steps[cycle.step.index]

        if name == roles.select, step.done.input != name, case .text(let text) = value {
            if cycle.step.openError == nil { selectProduct(text, into: &events) }
            return
        }
        if name == roles.help {
            cycle.help += 1
            cycle.step.helpRequests += 1
            cycle.step.shownLevel = max(1, cycle.step.shownLevel - 1)
            phase = .running(cycle)
            events.append(TraceEvent(time: now, kind: .help(step: step.id, level: cycle.step.shownLevel)))
            return
        }
        if cycle.step.openError != nil {
            if step.clear == .acknowledge, name == roles.acknowledge {
                cycle.step.openError = nil
                phase = .running(cycle)
                events.append(TraceEvent(time: now, kind: .cleared(step: step.id, by: .acknowledge)))
            } else if name == step.done.input {
                events.append(TraceEvent(time: now, kind: .blocked(step: step.id, input: name)))
            }
            return
        }
        if name == step.done.input {
            if let kind = Self.mismatch(of: value, against: step.done) {
                openError(kind, input: name, step: step, cycle: &cycle, into: &events)
                return
            }
            cycle.step.count += 1
            phase = .running(cycle)
            if cycle.step.count >= step.done.count {
                finishStep(of: product, into: &events)
            }
        } else if step.wrong.contains(name) {
            openError(.wrongInput, input: name, step: step, cycle: &cycle, into: &events)
        } else if station.input(named: name)?.kind == .sensor,
                  product.steps.contains(where: { $0.done.input == name }) {
            openError(.outOfOrder, input: name, step: step, cycle: &cycle, into: &events)
        }
    }

    /// Why a value at the step's own `done` input is an error, if it is.
    static func mismatch(of value: InputValue, against done: DoneCondition) -> ErrorKind? {
        switch value {
        case .tool(let ok):
            return ok == (done.ok ?? true) ? nil : .toolNotOK
        case .text(let text):
            guard let pattern = done.match else { return nil }
            return pattern.matches(text) ? nil : .noMatch
        case .press:
            return done.match != nil ? .noMatch : nil
        }
    }

    private mutating func openError(_ kind: ErrorKind, input: String, step: Step, cycle: inout Cycle,
                                    into events: inout [TraceEvent]) {
        cycle.errors += 1
        cycle.step.openError = OpenError(kind: kind, input: input, at: now,
                                         autoClearDeadline: step.clear == .auto ? now + Self.autoClearDelay : nil)
        phase = .running(cycle)
        events.append(TraceEvent(time: now, kind: .error(step: step.id, kind: kind, input: input)))
    }

    private mutating func finishStep(of product: Product, into events: inout [TraceEvent]) {
        guard case .running(let cycle) = phase else { return }
        let step = product.steps[cycle.step.index]
        events.append(TraceEvent(time: now, kind: .stepDone(step: step.id, duration: now - cycle.step.startedAt)))
        let next = cycle.step.index + 1
        if next < product.steps.count {
            enterStep(next, of: product, into: &events)
            return
        }
        events.append(TraceEvent(time: now, kind: .cycleDone(worker: cycle.worker, product: cycle.product, cycle: cycle.number,
                                                             duration: now - cycle.startedAt, errors: cycle.errors, help: cycle.help)))
        if let advice = advisor.finished(worker: cycle.worker, product: cycle.product, level: cycle.level,
                                         duration: now - cycle.startedAt, normTime: product.normTime,
                                         errors: cycle.errors, help: cycle.help) {
            events.append(TraceEvent(time: now, kind: .levelAdvice(worker: cycle.worker, product: cycle.product,
                                                                   from: advice.from, to: advice.to, reason: advice.reason)))
            if station.levels.auto {
                appliedLevels[WorkerProduct(worker: cycle.worker, product: cycle.product)] = advice.to
            }
        }
        startCycle(worker: cycle.worker, product: product, into: &events)
    }

    private func steps(of cycle: Cycle) -> [Step] {
        station.product(withID: cycle.product)?.steps ?? []
    }
}
