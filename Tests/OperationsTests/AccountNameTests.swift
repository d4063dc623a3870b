import Operations
import Testing

@Suite("AccountName")
struct AccountNameTests {
    @Test(arguments: ["ab", "anna", "anna.admin", "piet_s-1", "a0", "z" + String(repeating: "9", count: 31)])
    func acceptsTheContractsNames(name: String) throws {
        #expect(try AccountName(name).text == name)
    }

    @Test(arguments: ["", "a", "Anna", "ANNA", "1anna", ".anna", "-anna", "_anna", "anna admin", "anna'--",
                      "x'; DROP TABLE accounts; --", "an\"na", "ännä", "anna\u{301}", "аnna", "anna\n", "an\u{0}na",
                      "anna💥", "a" + String(repeating: "b", count: 32), "<script>", "../etc", "anna/admin"])
    func refusesEveryOtherName(name: String) {
        #expect(throws: OperationError.invalidAccountName(name)) { try AccountName(name) }
    }

    @Test func theLongestNameIs32Characters() throws {
        #expect(try AccountName("a" + String(repeating: "b", count: 31)).text.count == 32)
        #expect(throws: OperationError.self) { try AccountName("a" + String(repeating: "b", count: 32)) }
    }
}
