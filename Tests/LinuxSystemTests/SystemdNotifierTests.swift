import Foundation
import LinuxSystem
import Testing

@Suite("SystemdNotifier")
struct SystemdNotifierTests {
    @Test func sendsTheExactStateToAPathSocket() throws {
        let folder = ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.path + "/notify"
        let receiver = try DatagramSocket()
        try receiver.bind(to: try #require(UnixSocketAddress(path)))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        notifier.notify("READY=1\nSTATUS=station s1 running")
        notifier.notify("WATCHDOG=1")
        #expect(try receiver.receive() == Array("READY=1\nSTATUS=station s1 running".utf8))
        #expect(try receiver.receive() == Array("WATCHDOG=1".utf8))
        #expect(try receiver.receive() == nil)
    }

    @Test func reachesAnAbstractSocket() throws {
        let name = "oss-notify-\(ProcessFacts.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))"
        let receiver = try DatagramSocket()
        try receiver.bind(to: try #require(UnixSocketAddress("@" + name)))
        SystemdNotifier(environment: ["NOTIFY_SOCKET": "@" + name]).notify("STOPPING=1")
        #expect(try receiver.receive() == Array("STOPPING=1".utf8))
    }

    @Test func theWatchdogIntervalIsHalfOfSystemds() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "10000000"]).watchdogInterval == 5_000_000)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "3"]).watchdogInterval == 1)
        #expect(SystemdNotifier(environment: [:]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "-5"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "ten"]).watchdogInterval == nil)
    }

    @Test func aWatchdogForAnotherProcessIsNotOurs() {
        let ours = String(ProcessFacts.processIdentifier)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "4000", "WATCHDOG_PID": ours]).watchdogInterval == 2000)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "4000", "WATCHDOG_PID": "1"]).watchdogInterval == nil)
    }

    @Test func withoutASocketItDoesNothing() throws {
        // No socket, an empty one, one too long for sun_path, one nobody listens on: all silent.
        let folder = ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        for environment in [[:], ["NOTIFY_SOCKET": ""], ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)],
                            ["NOTIFY_SOCKET": folder.path + "/nobody"]] {
            SystemdNotifier(environment: environment).notify("READY=1")
        }
        #expect(try DirectoryListing.names(in: folder.path) == [])
    }
}
