/// Failed logins per account name (the contract's rule): after
/// `failureLimit` failures for one name within `window`, every further
/// attempt for that name, right password or not, is refused for `window`
/// from the last failure. Other names are not affected. Time is an input
/// (µs on a monotonic clock), so tests step it exactly.
///
/// States per name: clear → counting (1…limit-1 failures in the window)
/// → locked (limit reached) → clear again once `window` has passed since
/// the failure that locked it. A success while counting clears the name.
struct LoginThrottle: Sendable {
    static let failureLimit = 5
    static let window: Int64 = 5 * 60 * 1_000_000
    /// Names remembered at most; beyond, the oldest entries go first, so a
    /// flood of invented names cannot grow memory without bound.
    static let nameLimit = 10_000

    private var failures: [String: [Int64]] = [:]

    /// How many names have failures on record (tests).
    var rememberedNames: Int { failures.count }

    /// Whether an attempt for `name` may be checked at `now`.
    func allows(_ name: String, at now: Int64) -> Bool {
        recent(name, at: now).count < Self.failureLimit
    }

    mutating func recordFailure(_ name: String, at now: Int64) {
        failures[name] = recent(name, at: now) + [now]
        if failures.count > Self.nameLimit { forgetOldest(at: now) }
    }

    mutating func recordSuccess(_ name: String) {
        failures[name] = nil
    }

    /// The failures of `name` that still count at `now`. While locked
    /// (`failureLimit` reached), all count until `window` after the last.
    private func recent(_ name: String, at now: Int64) -> [Int64] {
        guard let times = failures[name] else { return [] }
        if times.count >= Self.failureLimit, let last = times.last {
            return now - last < Self.window ? times : []
        }
        return times.filter { now - $0 < Self.window }
    }

    private mutating func forgetOldest(at now: Int64) {
        failures = failures.filter { now - ($0.value.last ?? 0) < Self.window }
        while failures.count > Self.nameLimit, let oldest = failures.min(by: { ($0.value.last ?? 0) < ($1.value.last ?? 0) }) {
            failures[oldest.key] = nil
        }
    }
}
