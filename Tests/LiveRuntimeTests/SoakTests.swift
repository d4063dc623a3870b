import Foundation
import Journal
import Testing
import TestSupport
import UMockdevSupport

/// `make soak`: the `oss` binary on emulated devices at 50 device events per
/// second for OSS_SOAK_SECONDS (600 in `make soak`), with work that goes
/// round the whole product, wrong picks, help, logouts and logins. Memory
/// (VmRSS) and open descriptors are sampled every 10 s; after a minute of
/// warm-up both must stay flat. Not part of `make test`.
@Suite("Soak", .serialized,
       .enabled(if: umockdev && ProcessInfo.processInfo.environment["OSS_SOAK_SECONDS"] != nil,
                "set OSS_SOAK_SECONDS and run under umockdev: make soak"))
struct SoakTests {
    struct Sample {
        var seconds: Int
        var events: Int
        var rssKB: Int
        var descriptors: Int
    }

    static func sample(pid: Int32) -> (rssKB: Int, descriptors: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }?
            .split(separator: " ").compactMap { Int($0) }.first ?? 0
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
        return (rss, descriptors)
    }

    @Test func memoryAndDescriptorsStayFlatAtFiftyEventsPerSecond() throws {
        let duration = Int(ProcessInfo.processInfo.environment["OSS_SOAK_SECONDS"] ?? "600") ?? 600
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        let f = try LiveFixture(tb: tb, startLoop: false)
        let frames = f.temp.path + "/frames"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        process.arguments = ["run", "--station", f.fixture.stationPath, "--journal", f.temp.path + "/soak.db",
                             "--frames", frames, "--no-realtime"]
        var environment = ProcessInfo.processInfo.environment
        environment["UMOCKDEV_DIR"] = String(cString: oss_testbed_root(tb))
        process.environment = environment
        let log = f.temp.path + "/oss.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        #expect(wait { oss_testbed_board_hellos(tb) >= 1 }, "the binary says HELLO to the board")
        usleep(500_000)

        // 50 events per second, each one device event (an evdev event or a board frame).
        let start = Date()
        var events = 0
        func pace() {
            events += 1
            let due = start.addingTimeInterval(Double(events) / 50)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
        }
        func key(_ device: UInt32, _ name: String, _ value: Int32) {
            oss_testbed_evdev_event(tb, device, 1, code(name), value); pace()
            oss_testbed_evdev_event(tb, device, 0, 0, 0); pace()
        }
        func type(_ text: String, on device: UInt32) {
            for character in text + "\n" {
                let name = character == "\n" ? "KEY_ENTER" : character == "-" ? "KEY_MINUS" : "KEY_\(character.uppercased())"
                if character.isUppercase { key(device, "KEY_LEFTSHIFT", 1) }
                key(device, name, 1)
                key(device, name, 0)
                if character.isUppercase { key(device, "KEY_LEFTSHIFT", 0) }
            }
        }
        // Board frames come in over USB a little later than key events; a
        // worker's next action is never 20 ms after a pick. Bare SYN_REPORTs
        // (read, decoded and ignored) keep the rate while the frame lands.
        func settle() {
            for _ in 0..<15 { oss_testbed_evdev_event(tb, 0, 0, 0, 0); pace() }
        }
        func sensor(_ channel: UInt8) {
            oss_testbed_board_sensor(tb, channel, 1); pace()
            oss_testbed_board_sensor(tb, channel, 0); pace()
            settle()
        }

        var samples: [Sample] = []
        var nextSample = 0
        var cycle = 0
        var loggedIn = false
        while Int(Date().timeIntervalSince(start)) < duration && process.isRunning {
            if Int(Date().timeIntervalSince(start)) >= nextSample {
                let (rss, descriptors) = Self.sample(pid: process.processIdentifier)
                samples.append(Sample(seconds: nextSample, events: events, rssKB: rss, descriptors: descriptors))
                nextSample += 10
                // PNG frames pile up on disk; the soak is about the process, so they go.
                for file in (try? FileManager.default.contentsOfDirectory(atPath: frames)) ?? [] {
                    try? FileManager.default.removeItem(atPath: frames + "/" + file)
                }
            }
            if !loggedIn {
                type("W\(42 + cycle % 3)", on: 1)
                type("lamp", on: 2)
                loggedIn = true
            }
            if cycle % 5 == 0 {               // a wrong pick, acknowledged
                sensor(2)
                key(0, "BTN_0", 1); key(0, "BTN_0", 0)
            }
            if cycle % 7 == 0 { key(0, "BTN_1", 1); key(0, "BTN_1", 0) }  // help
            sensor(1)
            oss_testbed_board_tool(tb, 1, 1); pace()
            oss_testbed_board_tool(tb, 1, 1); pace()
            settle()
            type("LMP-\(String(format: "%03d", cycle % 1000))", on: 2)
            sensor(3)
            key(0, "BTN_0", 1); key(0, "BTN_0", 0)
            cycle += 1
            if cycle % 20 == 0 {              // the same badge again: logout
                type("W\(42 + (cycle - 1) % 3)", on: 1)
                loggedIn = false
            }
        }
        let (rss, descriptors) = Self.sample(pid: process.processIdentifier)
        samples.append(Sample(seconds: Int(Date().timeIntervalSince(start)), events: events, rssKB: rss, descriptors: descriptors))
        let running = process.isRunning
        process.terminate()
        process.waitUntilExit()

        var report = "oss run soak: \(duration) s at 50 device events/s, \(events) events, \(cycle) cycles\n"
        report += "seconds  events  rss_mb  fds\n"
        for s in samples {
            report += String(format: "%7d %7d %7.1f %4d\n", s.seconds, s.events, Double(s.rssKB) / 1024, s.descriptors)
        }
        let steady = samples.filter { $0.seconds >= 60 }
        let rssValues = steady.map(\.rssKB), fdValues = steady.map(\.descriptors)
        if let low = rssValues.min(), let high = rssValues.max(), let fdLow = fdValues.min(), let fdHigh = fdValues.max() {
            report += String(format: "after warm-up: rss %.1f–%.1f MB (+%.1f%%), descriptors %d–%d\n",
                             Double(low) / 1024, Double(high) / 1024, Double(high - low) / Double(max(1, low)) * 100, fdLow, fdHigh)
            #expect(high - low <= max(2048, low / 20), "memory grows: \(report)")
            #expect(fdHigh - fdLow <= 1, "descriptors grow: \(report)")
        } else {
            Issue.record("the soak ran less than a minute: \(report)")
        }
        let journal = try Journal(path: f.temp.path + "/soak.db")
        let done = try journal.cycleCount(status: .done)
        report += "cycles in the journal: \(done)\n"
        FileHandle.standardError.write(Data(report.utf8))
        let reportPath = ProcessInfo.processInfo.environment["OSS_SOAK_REPORT"] ?? Repository.root + "/.build/soak-report.txt"
        try? report.write(toFile: reportPath, atomically: true, encoding: .utf8)
        #expect(running, "oss run stopped during the soak: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(process.terminationStatus == 0)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(done >= cycle - 2, "finished cycles are journalled; oss said:\n\(output.split(separator: "\n").suffix(60).joined(separator: "\n"))")
    }
}
