import PasswordHashing
import Testing

@Suite("BcryptHash")
struct BcryptHashTests {
    /// The lowest cost the library takes, so that these tests stay fast; the cost itself is checked apart.
    let cost = 4

    @Test func makesAStandard2bStringThatVerifiesOnlyItsPassword() throws {
        let hash = try #require(BcryptHash.make("correct horse battery", cost: cost))
        #expect(hash.hasPrefix("$2b$04$") && hash.utf8.count == 60)
        #expect(BcryptHash.cost(of: hash) == cost)
        #expect(BcryptHash.verify("correct horse battery", against: hash))
        #expect(!BcryptHash.verify("correct horse batterY", against: hash))
        #expect(!BcryptHash.verify("", against: hash))
    }

    @Test func saltsEachHashAnew() throws {
        let first = try #require(BcryptHash.make("same password", cost: cost))
        let second = try #require(BcryptHash.make("same password", cost: cost))
        #expect(first != second)
    }

    @Test func refusesCostsTheLibraryWouldTrapOnAndPasswordsItWouldCut() {
        #expect(BcryptHash.make("long enough", cost: 3) == nil)
        #expect(BcryptHash.make("long enough", cost: 32) == nil)
        #expect(BcryptHash.make("long enough", cost: -1) == nil)
        #expect(BcryptHash.make("before\u{0}after", cost: cost) == nil)
        #expect(BcryptHash.make(String(repeating: "a", count: 73), cost: cost) == nil)
        #expect(BcryptHash.make(String(repeating: "a", count: 72), cost: cost) != nil)
    }

    @Test func readsTheCostOnlyOfWellFormedHashes() {
        let body = String(repeating: "A", count: 53)
        #expect(BcryptHash.cost(of: "$2b$12$" + body) == 12)
        #expect(BcryptHash.cost(of: "$2a$12$" + body) == nil)
        #expect(BcryptHash.cost(of: "$2b$1x$" + body) == nil)
        #expect(BcryptHash.cost(of: "$2b$99$" + body) == nil)
        #expect(BcryptHash.cost(of: "$2b$12$") == nil)
        #expect(BcryptHash.cost(of: "") == nil)
    }

    @Test func neverMatchesAMalformedHash() {
        #expect(!BcryptHash.verify("long enough", against: ""))
        #expect(!BcryptHash.verify("long enough", against: "$2b$12$short"))
    }
}
