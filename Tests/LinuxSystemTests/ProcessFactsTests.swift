import Foundation
import LinuxSystem
import Testing

@Suite("ProcessFacts")
struct ProcessFactsTests {
    /// The environment's USER is ignored; HostileCommandTests forges it through the real binary.
    @Test func theAccountIsThePasswdNameOfTheEffectiveUser() throws {
        let expected = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
        #expect(ProcessFacts.account() == expected)
        #expect(!ProcessFacts.account().isEmpty)
    }

    @Test func processIdentifierAndTerminalAreThisProcesss() {
        #expect(ProcessFacts.processIdentifier == getpid())
        #expect(ProcessFacts.processIdentifier == ProcessInfo.processInfo.processIdentifier)
        #expect(ProcessFacts.standardInputIsTerminal == (isatty(STDIN_FILENO) == 1))
    }
}
