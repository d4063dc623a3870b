import Journal
import LinuxSystem

/// A level change asked for by a person: checked before the journal is touched.
public struct LevelRequest: Sendable, Equatable {
    /// The longest reason kept in the level history.
    public static let reasonLimit = 500

    public let worker: String
    public let product: String
    /// 1 full, 2 short, 3 minimal.
    public let level: Int
    /// Why, for the level history.
    public let reason: String?
    /// On whose behalf the actor sets it (noted beside the actor, who is always recorded).
    public let onBehalfOf: String?

    public init(worker: String, product: String, level: Int, reason: String? = nil,
                onBehalfOf: String? = nil) throws(OperationError) {
        try Identifier.check(worker, .worker)
        try Identifier.check(product, .product)
        try Identifier.check(onBehalfOf, .onBehalfOf)
        if let reason, !Identifier.isOneLine(reason, limit: Self.reasonLimit) { throw .invalidReason }
        guard (1...3).contains(level) else { throw .invalidLevel(level) }
        self.worker = worker
        self.product = product
        self.level = level
        self.reason = reason
        self.onBehalfOf = onBehalfOf
    }
}

/// Instruction levels per worker and product: set by supervisors (command
/// line or console) or by the station's own advice, shown with their history.
/// A change applies from the worker's next cycle on that product. The level
/// history is the record of who changed what: `set_by` names the actor, and
/// no separate audit row is written.
public struct Levels {
    let journal: Journal
    let clock: any StationClock

    public init(journal: Journal, clock: any StationClock = SystemClock.shared) {
        self.journal = journal
        self.clock = clock
    }

    /// Records `request` as set by `actor` now. The product must be one the
    /// journal has seen (in a cycle or a level) or one of `alsoKnown` (a
    /// station's products, before their first cycle).
    public func set(_ request: LevelRequest, by actor: Actor, alsoKnown: [String] = []) throws(OperationError) {
        if !alsoKnown.contains(request.product) {
            guard try journal.answer({ () throws(JournalError) in try journal.knows(product: request.product) }) else {
                throw .unknownProduct(request.product, journal: journal.path)
            }
        }
        let setter = request.onBehalfOf.map { "\(actor.name) for \($0)" } ?? actor.name
        try record(worker: request.worker, product: request.product, level: request.level, by: setter,
                   reason: request.reason, at: clock.wallMicros())
    }

    private func record(worker: String, product: String, level: Int, by setter: String, reason: String?,
                        at time: Int64) throws(OperationError) {
        try journal.answer { () throws(JournalError) in
            try journal.setLevel(worker: worker, product: product, level: level, by: setter, reason: reason, at: time)
        }
    }

    /// Every change, oldest first, optionally for one worker and product.
    public func history(worker: String? = nil, product: String? = nil) throws(OperationError) -> [Journal.LevelChange] {
        try journal.answer { () throws(JournalError) in try journal.levelHistory(worker: worker, product: product) }
    }

    /// The change in force for each worker and product in `history`, sorted by worker and product.
    public static func inForce(_ history: [Journal.LevelChange]) -> [Journal.LevelChange] {
        var current: [JournalKey: Journal.LevelChange] = [:]
        for change in history { current[JournalKey(worker: change.worker, product: change.product)] = change }
        return current.values.sorted { ($0.worker, $0.product) < ($1.worker, $1.product) }
    }
}
