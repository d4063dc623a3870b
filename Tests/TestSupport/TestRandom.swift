import Foundation

/// The random source of tests that draw at random: SplitMix64 from a seed
/// that is printed, so that a failing run can be repeated exactly with
/// `OSS_TEST_SEED=<seed> swift test --filter <test>`.
public struct TestRandom: RandomNumberGenerator {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// `OSS_TEST_SEED` when set, otherwise a fresh seed; printed with `test`'s name.
    public static func forTest(_ test: String) -> TestRandom {
        let given = ProcessInfo.processInfo.environment["OSS_TEST_SEED"].flatMap { UInt64($0) }
        let random = TestRandom(seed: given ?? UInt64.random(in: 0...UInt64.max))
        print("\(test): random seed \(random.seed) (repeat with OSS_TEST_SEED=\(random.seed))")
        return random
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
