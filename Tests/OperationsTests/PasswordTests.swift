import Operations
import Testing

@Suite("Password")
struct PasswordTests {
    @Test func refusesEmptyShortLongAndNULPasswords() {
        #expect(throws: OperationError.noPassword) { try Password("") }
        #expect(throws: OperationError.passwordTooShort(minimum: 10)) { try Password("123456789") }
        #expect(throws: OperationError.passwordTooShort(minimum: 10)) { try Password("ééééééééé") }
        #expect(throws: OperationError.passwordTooLong(maximumBytes: 72)) { try Password(String(repeating: "x", count: 73)) }
        #expect(throws: OperationError.passwordHasNUL) { try Password("0123456789\u{0}") }
    }

    @Test func acceptsTenCharactersAndNeverShowsThem() throws {
        let password = try Password("0123456789")
        #expect(password.description == "(password)")
        #expect(!String(reflecting: password).contains("0123456789"))
        #expect(!"\(password)".contains("0123456789"))
        _ = try Password(String(repeating: "x", count: 72))
    }

    @Test func messagesNeverQuoteThePassword() {
        for error in [OperationError.noPassword, .passwordTooShort(minimum: 10), .passwordTooLong(maximumBytes: 72), .passwordHasNUL] {
            #expect(!error.description.isEmpty && !error.description.contains("123"))
        }
    }
}
