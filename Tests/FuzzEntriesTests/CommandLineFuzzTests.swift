import Foundation
@testable import FuzzEntries
import Testing
import TestSupport

/// The command-line target without libFuzzer: saved inputs, seeds and a
/// fixed batch of generated argument vectors run the real `oss` binary
/// through the same checks (no trap, no crash, no file outside the
/// scratch folder touched except what the command line asked for).
@Suite("CommandLineFuzz")
struct CommandLineFuzzTests {
    static var binary: String { ProcessInfo.processInfo.environment["OSS_BINARY"] ?? Repository.root + "/.build/debug/oss" }

    /// The valid (and a few hostile) command lines kept as seeds, by file name.
    static let seeds: [String: [String]] = [
        "simulate": ["simulate", "--station", "../canary/fietslamp-1", "--events", "../canary/events.jsonl",
                     "--journal", "../canary/journal.db", "--trace", "trace.jsonl"],
        "export-cycles": ["export", "--what", "cycles", "--out", "out.csv"],
        "export-summary-json": ["export", "--what", "summary", "--journal", "../canary/journal.db", "--format", "json"],
        "export-steps-xlsx": ["export", "--what", "steps", "--journal", "../canary/journal.db", "--format", "xlsx",
                              "--out", "out.xlsx"],
        "level-show": ["level", "show"],
        "level-set": ["level", "set", "--worker", "W101", "--product", "koplamp-led", "2"],
        "audit": ["audit"],
        "report": ["report", "--worker", "W101", "--out", "out.html"],
        "report-for-worker-en": ["report", "--worker", "W101", "--out", "out.html", "--lang", "en", "--for-worker"],
        "validate": ["validate", "../canary/fietslamp-1"],
        "purge": ["purge", "--older-than", "106751992"],
        "calibrate": ["calibrate", "--station", "../canary/fietslamp-1", "--out", "out.png"],
        "names": ["names", "--worker", "W101", "--name", "é"],
        "user-add": ["user", "add", "--name", "anna.admin", "--role", "admin", "--password-stdin"],
        "user-list": ["user", "list", "--journal", "../canary/journal.db"],
        "workers-json": ["workers", "--journal", "../canary/journal.db", "--json"],
        "devices": ["devices", "--station", "../canary/fietslamp-1"],
        "demo": ["demo", "--events", "../canary/events.jsonl", "--out", "demo-out"],
        "export-over-journal": ["export", "--what", "cycles", "--out", "../canary/journal.db"],
        // A zip on standard output (a pipe): found by fuzz-ci, judged as text until the harness knew binary output.
        "export-xlsx-stdout": ["export", "--what", "steps", "--journal", "../canary/journal.db", "--format", "xlsx"],
        "trace-over-events": ["simulate", "--station", "../canary/fietslamp-1", "--events", "../canary/link-events",
                              "--journal", "oss.db", "--trace", "../canary/events.jsonl"],
    ]

    static func inputs() -> [String] {
        ["/Tests/Fixtures/fuzz/command-line", "/Fuzz/seeds/command-line"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: Repository.root + folder)) ?? [])
                .filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { Repository.root + folder + "/" + $0 }
        }
    }

    func failures(_ outcome: CommandLineHarness.Outcome) -> String {
        "oss " + outcome.arguments.map { String(reflecting: $0) }.joined(separator: " ") + ": "
            + outcome.violations.joined(separator: "; ") + "\n" + outcome.stderr.prefix(400)
    }

    @Test func seedsDecodeToTheirCommandLines() throws {
        let harness = CommandLineHarness(binary: Self.binary, repository: Repository.root)
        for (name, arguments) in Self.seeds.sorted(by: { $0.key < $1.key }) {
            let bytes = try #require(harness.encode(arguments), "\(name) cannot be encoded")
            #expect(harness.decode(bytes) == arguments)
            let file = Repository.root + "/Fuzz/seeds/command-line/" + name
            if ProcessInfo.processInfo.environment["OSS_UPDATE_SEEDS"] == "1" {
                _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
            }
            #expect(FileManager.default.contents(atPath: file) == Data(bytes), "seed \(name) is out of date: OSS_UPDATE_SEEDS=1")
        }
    }

    @Test func savedInputsAndSeedsPassTheChecks() throws {
        let harness = CommandLineHarness(binary: Self.binary, repository: Repository.root)
        let files = Self.inputs()
        #expect(files.count >= Self.seeds.count)
        for file in files {
            let outcome = harness.check([UInt8](try #require(FileManager.default.contents(atPath: file))))
            #expect(outcome.violations.isEmpty, "\(file): \(failures(outcome))")
        }
    }

    /// 150 generated vectors, the same on every run (SplitMix64, seed 11).
    @Test func aFixedBatchOfGeneratedCommandLinesPassesTheChecks() {
        let harness = CommandLineHarness(binary: Self.binary, repository: Repository.root)
        var state: UInt64 = 11
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var commands = Set<String>()
        for _ in 0..<150 {
            let bytes = (0..<Int(8 + next() % 40)).map { _ in UInt8(truncatingIfNeeded: next()) }
            let outcome = harness.check(bytes)
            if ProcessInfo.processInfo.environment["OSS_CLIFUZZ_VERBOSE"] != nil {
                print("CLIFUZZ \(outcome.status) \(outcome.signal ?? 0) \(outcome.stoppedSlowCommand) oss \(outcome.arguments.map { String(reflecting: $0) }.joined(separator: " ").prefix(300)) => \(outcome.stderr.split(separator: "\n").first?.prefix(200) ?? "")")
            }
            commands.insert(outcome.arguments.first ?? "")
            #expect(outcome.violations.isEmpty, "\(failures(outcome))")
        }
        #expect(commands.count >= 14, "the batch reaches most commands: \(commands.sorted())")
    }

    /// The check itself: a harmful run is caught, an asked-for output is not.
    @Test func theJudgeTellsAskedForOutputsFromHarm() {
        let scratch = "/b/scratch"
        let file = CommandLineHarness.Entry.file(Data("a".utf8), mode: 0o600)
        let changed = CommandLineHarness.Entry.file(Data("b".utf8), mode: 0o600)
        let export = Roles(["export", "--out", "../canary/x.csv"], command: "export", scratch: scratch)
        #expect(export.judge("/b/canary/x.csv", before: file, after: changed, canaryJournal: "/b/canary/journal.db") == nil)
        #expect(export.judge("/b/canary/y.csv", before: file, after: changed, canaryJournal: "/b/canary/journal.db") != nil)
        #expect(export.judge("/b/canary/.x.csv.tmp", before: nil, after: file, canaryJournal: "/b/canary/journal.db") != nil)
        let overInput = Roles(["simulate", "--events", "../canary/e", "--trace", "../canary/./e"], command: "simulate", scratch: scratch)
        #expect(overInput.judge("/b/canary/e", before: file, after: changed, canaryJournal: "/b/canary/journal.db") != nil)
        let journal = Roles(["simulate", "--journal", "/b/canary/journal.db"], command: "simulate", scratch: scratch)
        #expect(journal.judge("/b/canary/journal.db-wal", before: nil, after: file, canaryJournal: "/b/canary/journal.db") == nil)
        #expect(journal.judge("/b/canary/events", before: file, after: changed, canaryJournal: "/b/canary/journal.db") != nil)
        let link = CommandLineHarness.Entry.link("/dev/stdout")
        let toStdout = Roles(["export", "--out", "../canary/link-stdout"], command: "export", scratch: scratch)
        #expect(toStdout.judge("/b/canary/link-stdout", before: link, after: file, canaryJournal: "/b/canary/journal.db") != nil)
    }

    /// End to end: an `oss` that appends to the canary event script, or
    /// traps, is caught; the same harness then runs on with a clean canary.
    @Test func aHarmfulBinaryIsCaught() throws {
        let folder = NSTemporaryDirectory() + "oss-clifuzz-fake-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fake = folder + "/oss"
        try """
            #!/bin/sh
            case "$*" in
            *--help*) printf 'USAGE: oss x [--station <station>]\\n\\nOPTIONS:\\n  --station <station>     The station.\\n' ;;
            simulate*) exec "$(dirname "$0")/real" "$@" ;;
            export*) echo harm >> ../canary/events.jsonl ;;
            audit*) kill -ILL $$ ;;
            esac
            """.write(toFile: fake, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/real", withDestinationPath: Self.binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let harness = CommandLineHarness(binary: fake, repository: Repository.root)
        let export = harness.check(try #require(harness.encode(["export"])))
        #expect(export.violations.contains { $0.hasPrefix("an input was changed") || $0.hasPrefix("a file outside the scratch folder was changed") })
        #expect(export.violations.contains { $0.hasSuffix("canary/events.jsonl") })
        let audit = harness.check(try #require(harness.encode(["audit"])))
        #expect(audit.violations.contains { $0.contains("signal \(SIGILL)") })
        let devices = harness.check(try #require(harness.encode(["devices"])))
        #expect(devices.violations.isEmpty, "the canary was restored: \(devices.violations)")
    }
}
