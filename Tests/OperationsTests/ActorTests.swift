import Foundation
import LinuxSystem
import Operations
import Testing

@Suite("Actor")
struct ActorTests {
    @Test func recordsTheAccountName() {
        #expect(Actor.localUser("jan").name == "jan")
        #expect(Actor.console(account: "anna.assessor").name == "anna.assessor")
    }

    @Test func theCommandLineActorIsTheEffectiveUserNotTheEnvironment() {
        let forged = "mallory-\(UInt32.random(in: 0...UInt32.max))"
        setenv("USER", forged, 1)
        setenv("LOGNAME", forged, 1)
        let actor = Actor.processOwner()
        #expect(actor == .localUser(ProcessFacts.account()))
        #expect(!actor.name.isEmpty && actor.name != forged)
    }
}
