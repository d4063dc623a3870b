import Foundation
import Glibc
import LinuxSystem
import Testing

@Suite("ProcessSignal")
struct ProcessSignalTests {
    @Test func killEndsAChildThatIgnoresTermination() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "trap '' TERM; while :; do sleep 1; done"]
        try child.run()
        try ProcessSignal.send(ProcessSignal.kill, to: child.processIdentifier)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGKILL)
    }

    @Test func aMissingProcessIsATypedError() {
        // Process ids are below 2^22 on Linux (pid_max).
        #expect(throws: SystemError(call: "kill", errno: ESRCH)) { try ProcessSignal.send(0, to: 1 << 30) }
    }

    @Test func theNumbersAreLinuxs() {
        #expect([ProcessSignal.terminate, ProcessSignal.kill, ProcessSignal.user1, ProcessSignal.user2] == [15, 9, 10, 12])
    }
}
