import HummingbirdBcrypt

/// bcrypt, the slow salted hash that console passwords are kept as, in its
/// standard string form `$2b$CC$` + 53 characters of salt and hash. This is
/// the one module that calls the bcrypt library, so that its trap on a cost
/// outside 4–31 and its silent cut at 72 bytes are guarded in one place.
public enum BcryptHash {
    /// The costs the library accepts (log2 of the rounds).
    public static let costs = 4...31
    /// bcrypt reads at most this many bytes of a password; the rest would be ignored.
    public static let maximumPasswordBytes = 72

    /// The hash of `password` with a fresh random salt, or nil for a cost
    /// outside `costs`, a password with a NUL (C would cut it there) or one
    /// longer than `maximumPasswordBytes`.
    public static func make(_ password: String, cost: Int) -> String? {
        guard costs.contains(cost), accepts(password) else { return nil }
        return Bcrypt.hash(password, cost: UInt8(cost))
    }

    /// Whether `password` matches `hash` (compared in constant time by the library).
    /// A malformed hash or a password `make` would refuse never matches.
    public static func verify(_ password: String, against hash: String) -> Bool {
        guard accepts(password), cost(of: hash) != nil else { return false }
        return Bcrypt.verify(password, hash: hash)
    }

    /// The cost of a `$2b$` hash string, or nil when `hash` is not one.
    public static func cost(of hash: String) -> Int? {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes.starts(with: Array("$2b$".utf8)), bytes[6] == UInt8(ascii: "$") else { return nil }
        let digits = bytes[4...5]
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let cost = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return costs.contains(cost) ? cost : nil
    }

    private static func accepts(_ password: String) -> Bool {
        password.utf8.count <= maximumPasswordBytes && !password.utf8.contains(0)
    }
}
