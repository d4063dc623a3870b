import Operations

/// What a session remembers: who logged in and the token every change must
/// carry (CSRF). The role is not kept here; the gate reads the account at
/// every request, so a removed account or a new role counts at once.
struct ConsoleSession: Codable, Sendable {
    let account: String
    let csrf: String
    /// µs since the epoch, for the log.
    let started: Int64

    /// 32 random bytes as hex: unguessable, and safe in a header, a form and HTML.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Compares in time independent of where the first difference is.
    static func sameToken(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// A signed-in request: the session and the account as it is now.
struct SignedIn: Sendable {
    let session: ConsoleSession
    let account: Account

    var actor: Actor { .console(account: account.name.text) }
}
