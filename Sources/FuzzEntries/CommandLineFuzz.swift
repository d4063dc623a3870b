import Foundation
import LinuxSystem

/// The command-line target: fuzz bytes become an argument vector for the
/// real `oss` binary, which runs in a scratch folder next to a "canary"
/// folder of inputs (a station, an event script, a journal, links, an
/// untouched sentinel). A run may not trap or crash, may not print a
/// stack dump, an NSError dump or an escape sequence, may not report
/// success after writing to /dev/full, and may not change or add any file
/// outside the scratch folder except the outputs the command line asked
/// for (never one of its inputs) and the named journal with its companions.
extension FuzzEntries {
    /// Runs one input and traps (libFuzzer saves it) when a check fails.
    public static func commandLine(_ data: [UInt8]) {
        let outcome = CommandLineHarness.shared.check(data)
        if !outcome.violations.isEmpty {
            let vector = outcome.arguments.map { String(reflecting: $0) }.joined(separator: " ")
            fatalError("oss \(vector): " + outcome.violations.joined(separator: "; "))
        }
    }
}

/// One scratch, canary and pristine folder per harness, reused between
/// runs. `oss` runs as this process's user (root in CI), so the hostile
/// values name only paths that oss cannot legitimately write outside the
/// harness folder: devices, /proc entries that refuse new files, missing
/// folders, and decoys of system files (`canary/passwd`) whose bytes the
/// checks watch.
public final class CommandLineHarness: @unchecked Sendable {
    /// What one run did.
    public struct Outcome: Sendable {
        public var arguments: [String]
        public var status: Int32 = 0
        public var signal: Int32?
        /// `run` and `bench` are stopped after a short time; not a failure.
        public var stoppedSlowCommand = false
        public var stderr = ""
        public var violations: [String] = []
    }

    /// `$OSS_BINARY`, else .build/debug/oss of the working folder (the repository).
    public static let shared: CommandLineHarness = {
        let environment = ProcessInfo.processInfo.environment
        let repository = environment["OSS_REPOSITORY"] ?? FileManager.default.currentDirectoryPath
        return CommandLineHarness(binary: environment["OSS_BINARY"] ?? repository + "/.build/debug/oss", repository: repository)
    }()

    public let binary: String
    public let repository: String
    let base: String
    var scratch: String { base + "/scratch" }
    var canary: String { base + "/canary" }
    var pristine: String { base + "/pristine" }
    /// How the folder outside scratch looks before every run.
    private var expected: [String: Entry] = [:]
    private var syntaxes: [String: Syntax] = [:]
    private let lock = NSLock()

    public init(binary: String, repository: String) {
        precondition(FileManager.default.isExecutableFile(atPath: binary), "command-line fuzz: no oss binary at \(binary); build it with swift build --product oss")
        self.binary = binary
        self.repository = repository
        base = NSTemporaryDirectory() + "oss-clifuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        setUp()
        harnessFolders.append(base)
        atexit { for folder in harnessFolders { try? FileManager.default.removeItem(atPath: folder) } }
        for command in Command.all { syntaxes[command] = readSyntax(command) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: base)
        harnessFolders.removeAll { $0 == base }
    }

    // MARK: Checking one input

    public func check(_ data: [UInt8]) -> Outcome {
        lock.lock()
        defer { lock.unlock() }
        let arguments = decode(data)
        var outcome = Outcome(arguments: arguments)
        let command = Command.of(arguments)
        // run waits for devices, bench measures for minutes, sync --follow never ends.
        let slow = command == "run" || command == "bench" || command == "sync"
        emptyScratch()
        let result = execute(arguments, timeout: slow ? 1.5 : 20)
        outcome.status = result.status
        outcome.signal = result.signal
        outcome.stderr = result.stderr
        if result.timedOut {
            if slow { outcome.stoppedSlowCommand = true } else { outcome.violations.append("did not finish within 20 s") }
        }
        if let signal = result.signal, !(result.timedOut && (signal == ProcessSignal.terminate || signal == ProcessSignal.kill)) {
            outcome.violations.append("stopped by signal \(signal)")
        }
        for marker in ["Fatal error", "Stack dump", "Backtrace", "Error Domain=", "ExitCode(rawValue"] where result.stderr.contains(marker) {
            outcome.violations.append("standard error shows \"\(marker)\"")
        }
        // An xlsx export to standard output (a pipe here; oss refuses a terminal) is a zip file, binary by
        // nature: only text output is judged.
        let binaryOutput = result.stdout.utf8.starts(with: [0x50, 0x4B, 0x03, 0x04])
        if result.stderr.utf8.contains(0x1B) || (!binaryOutput && result.stdout.utf8.contains(0x1B)) {
            outcome.violations.append("an escape character reached the terminal")
        }
        let roles = Roles(arguments, command: command, scratch: scratch)
        if result.status == 0, !roles.help, roles.fileOutputs.contains(where: { $0.resolved == "/dev/full" }) {
            outcome.violations.append("exit 0 after writing to /dev/full")
        }
        let found = snapshot()
        for key in Set(expected.keys).union(found.keys).sorted() where expected[key] != found[key] {
            if let problem = roles.judge(base + "/" + key, before: expected[key], after: found[key], canaryJournal: canary + "/journal.db") {
                outcome.violations.append(problem + ": " + key)
            }
        }
        if found != expected { restore() }
        feedback(arguments.first ?? "", outcome)
        return outcome
    }

    /// libFuzzer sees coverage of this process only, not of oss: each kind
    /// of outcome (command, exit status, first words of the message) takes
    /// its own branch here, so inputs that reach new messages are kept.
    private func feedback(_ command: String, _ outcome: Outcome) {
        var hash: UInt32 = 2_166_136_261
        let line = outcome.stderr.split(separator: "\n").first ?? ""
        for byte in Array((command + "|\(outcome.status)|\(outcome.signal ?? 0)|").utf8) + line.utf8.prefix(48) where !(0x30...0x39).contains(byte) {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        for shift in [0, 5, 10, 15, 20] {
            switch (hash >> UInt32(shift)) & 31 {
        case 0: feedbackSink &+= 1
        case 1: feedbackSink &+= 2
        case 2: feedbackSink &+= 3
        case 3: feedbackSink &+= 4
        case 4: feedbackSink &+= 5
        case 5: feedbackSink &+= 6
        case 6: feedbackSink &+= 7
        case 7: feedbackSink &+= 8
        case 8: feedbackSink &+= 9
        case 9: feedbackSink &+= 10
        case 10: feedbackSink &+= 11
        case 11: feedbackSink &+= 12
        case 12: feedbackSink &+= 13
        case 13: feedbackSink &+= 14
        case 14: feedbackSink &+= 15
        case 15: feedbackSink &+= 16
        case 16: feedbackSink &+= 17
        case 17: feedbackSink &+= 18
        case 18: feedbackSink &+= 19
        case 19: feedbackSink &+= 20
        case 20: feedbackSink &+= 21
        case 21: feedbackSink &+= 22
        case 22: feedbackSink &+= 23
        case 23: feedbackSink &+= 24
        case 24: feedbackSink &+= 25
        case 25: feedbackSink &+= 26
        case 26: feedbackSink &+= 27
        case 27: feedbackSink &+= 28
        case 28: feedbackSink &+= 29
        case 29: feedbackSink &+= 30
        case 30: feedbackSink &+= 31
        case 31: feedbackSink &+= 32
            default: break
            }
        }
    }

    // MARK: Decoding bytes into arguments

    struct Option: Sendable { var name: String; var takesValue: Bool }

    /// A command's options as its `--help` gives them; `required` and
    /// `positional` (a required argument) come first in every vector, so
    /// that most vectors get past the parser into the command.
    struct Syntax: Sendable {
        var options: [Option] = []
        var required: [Option] = []
        var positional: String?
    }

    enum Command {
        /// Every subcommand (level's and user's included) and a few root forms.
        static let all = ["demo", "validate", "simulate", "export", "calibrate", "devices", "run", "level set",
                          "level show", "audit", "report", "names", "purge", "bench", "level", "help",
                          "user add", "user passwd", "user remove", "user list", "user", "stations", "workers", "sync"]
        /// The subcommand an argument vector runs, as named in `all`.
        static func of(_ arguments: [String]) -> String {
            guard let first = arguments.first else { return "" }
            if arguments.count > 1, all.contains(first + " " + arguments[1]) { return first + " " + arguments[1] }
            return first
        }
    }

    /// The first byte picks the command; its required options and argument
    /// follow; then each byte picks an option of that command (rarely of
    /// another one), a positional value, `--help` or raw bytes. A value is
    /// a plausible one for its option, one from the hostile dictionary or
    /// raw input bytes. Never a NUL.
    public func decode(_ data: [UInt8]) -> [String] {
        var reader = ByteReader(bytes: data)
        guard let first = reader.next() else { return [] }
        let roots = Command.all + ["--help", "-h", "--version", "", "\u{1B}[2J"]
        var arguments: [String]
        let pick = Int(first) % (roots.count + 1)
        if pick == roots.count {
            arguments = [reader.raw()]
        } else {
            arguments = roots[pick].isEmpty ? [] : roots[pick].split(separator: " ").map(String.init)
        }
        let command = pick < Command.all.count ? Command.all[pick] : ""
        let syntax = syntaxes[command] ?? Syntax()
        for option in syntax.required { append(option, &arguments, &reader) }
        if let positional = syntax.positional { arguments.append(value(for: positional, &reader)) }
        let own = syntax.options
        let every = syntaxes.values.flatMap(\.options)
        while arguments.count < 24, let byte = reader.next() {
            switch byte % 32 {
            case 0..<24 where !own.isEmpty:
                append(own[Int(reader.next() ?? 0) % own.count], &arguments, &reader)
            case 24, 25 where syntax.positional != nil || own.isEmpty:
                arguments.append(value(for: syntax.positional ?? "", &reader))
            case 24, 25:
                append(own[Int(reader.next() ?? 0) % own.count], &arguments, &reader)
            case 26:
                append(every[Int(reader.next() ?? 0) % every.count], &arguments, &reader)
            case 27:
                arguments.append(["--help", "-h", "--", "-", "--=", "help"][Int(reader.next() ?? 0) % 6])
            case 28:
                arguments.append("--" + reader.raw())
            default:
                arguments.append(reader.raw())
            }
        }
        return arguments
    }

    /// The bytes that `decode` turns into `arguments` (a command of
    /// `Command.all` with its required options first, in usage order, then
    /// options and values of `plausible` or the dictionary), for seeds.
    public func encode(_ arguments: [String]) -> [UInt8]? {
        let words = arguments.prefix(2).joined(separator: " ")
        let name = Command.all.contains(words) ? words : arguments.first ?? ""
        guard let command = Command.all.firstIndex(of: name), let syntax = syntaxes[name] else { return nil }
        var bytes = [UInt8(command)]
        var rest = arguments.dropFirst(name.split(separator: " ").count)
        func code(_ value: String, for option: String) -> [UInt8]? {
            if let index = (plausible[option] ?? []).firstIndex(of: value) { return [UInt8(index)] }
            return dictionary.firstIndex(of: value).map { [112, UInt8($0)] }
        }
        for option in syntax.required {
            guard rest.popFirst() == option.name, let value = rest.popFirst(), let value = code(value, for: option.name) else { return nil }
            bytes += [1] + value
        }
        if let positional = syntax.positional {
            guard let value = rest.popFirst(), let value = code(value, for: positional) else { return nil }
            bytes += value
        }
        while let argument = rest.popFirst() {
            if let index = syntax.options.firstIndex(where: { $0.name == argument }) {
                bytes += [0, UInt8(index)]
                guard syntax.options[index].takesValue else { continue }
                guard let value = rest.popFirst(), let value = code(value, for: argument) else { return nil }
                bytes += [1] + value
            } else {
                guard let value = code(argument, for: syntax.positional ?? "") else { return nil }
                bytes += [24] + value
            }
        }
        return bytes
    }

    private func append(_ option: Option, _ arguments: inout [String], _ reader: inout ByteReader) {
        guard option.takesValue else { arguments.append(option.name); return }
        let style = reader.next() ?? 0
        let value = value(for: option.name, &reader)
        if style % 8 == 0 { arguments.append(option.name + "=" + value) } else { arguments += [option.name, value] }
    }

    /// Below 112: a plausible value for `option`; up to 224: the dictionary entry the next byte picks; else raw bytes.
    private func value(for option: String, _ reader: inout ByteReader) -> String {
        let byte = Int(reader.next() ?? 0)
        if byte < 112, let values = plausible[option], !values.isEmpty { return values[byte % values.count] }
        return byte < 224 ? dictionary[Int(reader.next() ?? 0) % dictionary.count] : reader.raw()
    }

    /// Values that let a command get somewhere, by option (and positional argument) name.
    private lazy var plausible: [String: [String]] = [
        "--station": ["../canary/fietslamp-1", canary + "/fietslamp-1"],
        "--events": ["../canary/events.jsonl", canary + "/events.jsonl"],
        "--journal": ["oss.db", "../canary/journal.db"],
        "--trace": ["trace.jsonl", "-"],
        "--frames": ["frames"],
        "--start": ["2026-03-02T08:00:00Z", "2026-03-02T08:00:00+01:00"],
        "--what": ["cycles", "steps", "errors", "summary"],
        "--format": ["csv", "json", "xlsx"],
        "--dialect": ["standard", "excel-nl"],
        "--lang": ["nl", "en"],
        "--worker": ["W101", "W205"],
        "--product": ["koplamp-led", "achterlicht"],
        "--since": ["2020-01-01", "2026-03-02", "2030-01-01"],
        "--until": ["2030-01-01", "2026-03-02T09:00:00Z", "2020-01-01"],
        "--out": ["out.csv", "out.html", "demo-out", "out.png", "out.xlsx"],
        "--fb": ["/dev/fb0", "fb"],
        "--by": ["supervisor"],
        "--reason": ["training"],
        "--name": ["Anna de Vries", "anna.admin"],
        "--role": ["supervisor", "assessor", "admin"],
        "--older-than": ["30", "0", "365"],
        "--directory": ["."],
        "--only": ["export", "replay", "full-frame", "event-to-frame"],
        "<level>": ["1", "2", "3"],
        "<paths>": ["../canary/fietslamp-1", "../canary/fietslamp-1/station.yaml", "../canary"],
    ]

    private lazy var dictionary: [String] = {
        let c = canary, relative = "../canary"
        var values = [
            "", "-", "--", " ", "-1", "0", "1", "2", "3", "4", "106751992", "2147483648", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "99999999999999999999999", "1e309", "-1e309", "nan", "NaN",
            "inf", "0x10", "1.5", "01", "+1", "2026-03-02", "2026-03-02T08:00:00Z", "1970-01-01", "0001-01-01",
            "9999-12-31T23:59:59Z", "-271821-04-20", "292278994-08-17", "2026-02-30", "2026-13-01", "T", "Z",
            "cycles", "steps", "errors", "summary", "csv", "json", "xml", "W101", "W205", "koplamp-led", "achterlicht",
            "fietslamp-1", "event-to-frame", "full-frame", "replay", "export", "=cmd|' /C calc'!A0", "@SUM(1)",
            "\t=1", "-W1", "a\u{1B}[31mred", "\u{1B}]0;title\u{07}", "line\nbreak", "\r", "\u{7F}", "\u{202E}rtl",
            "\u{85}", "é", "💥", "\u{FFFF}", String(repeating: "A", count: 5000), String(repeating: "9", count: 400),
            "../scratch/../scratch", "%s%n", "$(id)", "'", "\"", "\\",
            ".", "..", "/dev/full", "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/zero", "/dev/tty",
            "/proc/self/mem", "/proc/self/fd/1", "/proc/self/status", "/nonexistent/x", "/nonexistent/",
            "oss.db", "oss.db-wal", "out.csv", "frames", "demo-out", "trace.jsonl", "new-folder/",
        ]
        // The repository's own files are never named: without root, an asked-for output there would be written.
        for name in ["fietslamp-1", "fietslamp-1/station.yaml", "fietslamp-1/products/koplamp-led.yaml", "fietslamp-1/media/lens.png",
                     "fietslamp-1/products", "events.jsonl", "journal.db", "journal.db-wal", "journal.db-shm",
                     "link-journal", "link-events", "link-station", "link-stdout", "passwd", "shadow", "link-passwd", ""] {
            values.append(name.isEmpty ? c : c + "/" + name)
            values.append(name.isEmpty ? relative : relative + "/" + name)
        }
        values.append(relative + "/fietslamp-1/../journal.db")
        values.append(c + "//./fietslamp-1")
        precondition(values.count <= 256, "one byte picks a dictionary entry")
        return values
    }()

    /// Reads `command`'s options and its usage line from `oss COMMAND --help`, once.
    private func readSyntax(_ command: String) -> Syntax {
        let words = command == "help" ? [] : command.split(separator: " ").map(String.init)
        let help = execute(words + ["--help"], timeout: 20).stdout
        var syntax = Syntax()
        for line in help.split(separator: "\n") {
            let text = line.drop { $0 == " " }
            guard line.hasPrefix("  "), text.hasPrefix("-") else { continue }
            let tokens = text.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
            guard let index = tokens.firstIndex(where: { $0.hasPrefix("--") }), tokens[index] != "--help" else { continue }
            syntax.options.append(Option(name: tokens[index], takesValue: tokens.dropFirst(index + 1).first?.hasPrefix("<") == true))
        }
        // USAGE: oss export [--journal <journal>] --what <what> ... <level>: what is outside brackets is required.
        if let usage = help.split(separator: "\n").first(where: { $0.hasPrefix("USAGE:") }) {
            var depth = 0, outside = ""
            for character in usage {
                if character == "[" { depth += 1 } else if character == "]" { depth -= 1 } else if depth == 0 { outside.append(character) }
            }
            let tokens = outside.split(separator: " ").map(String.init)
            for (index, token) in tokens.enumerated() where token.hasPrefix("<") {
                if index > 0, tokens[index - 1].hasPrefix("--") {
                    syntax.required += syntax.options.filter { $0.name == tokens[index - 1] }
                } else {
                    syntax.positional = token
                }
            }
        }
        let withoutOptions = ["audit", "help", "level", "validate", "user"]
        precondition(!syntax.options.isEmpty || withoutOptions.contains(command), "command-line fuzz: no options in `oss \(command) --help`")
        return syntax
    }

    // MARK: Running oss

    struct Result { var status: Int32 = 0; var signal: Int32?; var timedOut = false; var stdout = ""; var stderr = "" }

    private func execute(_ arguments: [String], timeout: Double) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: scratch)
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": scratch, "TMPDIR": scratch + "/", "LANG": "C.UTF-8",
                               "SWIFT_BACKTRACE": "enable=no"]
        let outPath = base + ".stdout", errPath = base + ".stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        var result = Result()
        // The end of the run is waited for, not polled: Process reports it.
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do { try process.run() } catch { fatalError("command-line fuzz: cannot start \(binary): \(error)") }
        if ended.wait(timeout: .now() + timeout) == .timedOut {
            result.timedOut = true
            process.terminate()
            if ended.wait(timeout: .now() + 3) == .timedOut {
                // Ignored the request; a process already gone (ESRCH) is fine.
                try? ProcessSignal.send(ProcessSignal.kill, to: process.processIdentifier)
            }
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { result.signal = process.terminationStatus } else { result.status = process.terminationStatus }
        result.stdout = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
        result.stderr = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
        return result
    }

    // MARK: The folders

    /// scratch/ for the runs; pristine/: a copy of stations/fietslamp-1, a
    /// short event script, a journal `oss simulate` made of them, links and
    /// a sentinel; canary/: a copy of pristine, the inputs runs may name.
    private func setUp() {
        let files = FileManager.default
        try? files.removeItem(atPath: base)
        for folder in [scratch, pristine] { try! files.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        copy(repository + "/stations/fietslamp-1", to: pristine + "/fietslamp-1")
        let script = (try? String(contentsOfFile: repository + "/stations/fietslamp-1/scripts/demo-shift.jsonl", encoding: .utf8)) ?? ""
        try! script.split(separator: "\n", omittingEmptySubsequences: false).prefix(30).joined(separator: "\n")
            .appending("\n").write(toFile: pristine + "/events.jsonl", atomically: false, encoding: .utf8)
        try! "sentinel: no command line names this file\n".write(toFile: pristine + "/sentinel.txt", atomically: false, encoding: .utf8)
        // Decoys of system files: what /etc/passwd and /etc/shadow would be to a root oss.
        try! "root:x:0:0:root:/root:/bin/bash\n".write(toFile: pristine + "/passwd", atomically: false, encoding: .utf8)
        try! "root:*:19000:0:99999:7:::\n".write(toFile: pristine + "/shadow", atomically: false, encoding: .utf8)
        try! files.setAttributes([.posixPermissions: 0o640], ofItemAtPath: pristine + "/shadow")
        expected = [:]
        let made = execute(["simulate", "--station", pristine + "/fietslamp-1", "--events", pristine + "/events.jsonl",
                            "--journal", pristine + "/journal.db"], timeout: 60)
        precondition(made.status == 0 && made.signal == nil, "command-line fuzz: oss simulate could not make the canary journal: \(made.stderr)")
        for (link, target) in [("link-journal", "journal.db"), ("link-events", "events.jsonl"), ("link-station", "fietslamp-1"),
                               ("link-stdout", "/dev/stdout"), ("link-passwd", "passwd")] {
            try! files.createSymbolicLink(atPath: pristine + "/" + link, withDestinationPath: target)
        }
        restore()
        expected = snapshot()
    }

    /// Makes canary/ a copy of pristine/ again and removes whatever else appeared beside them.
    private func restore() {
        let files = FileManager.default
        for name in (try? files.contentsOfDirectory(atPath: base)) ?? [] where name != "scratch" && name != "pristine" {
            try? files.removeItem(atPath: base + "/" + name)
        }
        copy(pristine, to: canary)
        if !expected.isEmpty, snapshot() != expected { setUp() }
    }

    private func emptyScratch() {
        let files = FileManager.default
        for name in (try? files.contentsOfDirectory(atPath: scratch)) ?? [] { try? files.removeItem(atPath: scratch + "/" + name) }
        copy(pristine + "/journal.db", to: scratch + "/oss.db")
    }

    /// Copies files, folders and links (as links), keeping modes.
    private func copy(_ source: String, to target: String) {
        let files = FileManager.default
        guard let attributes = try? files.attributesOfItem(atPath: source) else { return }
        switch attributes[.type] as? FileAttributeType {
        case .typeSymbolicLink?:
            try? files.createSymbolicLink(atPath: target, withDestinationPath: files.destinationOfSymbolicLink(atPath: source))
        case .typeDirectory?:
            try? files.createDirectory(atPath: target, withIntermediateDirectories: true)
            for name in (try? files.contentsOfDirectory(atPath: source)) ?? [] { copy(source + "/" + name, to: target + "/" + name) }
        default:
            _ = files.createFile(atPath: target, contents: files.contents(atPath: source),
                             attributes: [.posixPermissions: attributes[.posixPermissions] ?? 0o644])
        }
    }

    enum Entry: Equatable { case file(Data, mode: Int), folder(mode: Int), link(String), other(mode: Int) }

    /// Every entry under base/ except scratch/, by path relative to base/.
    private func snapshot() -> [String: Entry] {
        let files = FileManager.default
        var entries: [String: Entry] = [:]
        func visit(_ relative: String) {
            let path = base + "/" + relative
            guard let attributes = try? files.attributesOfItem(atPath: path) else { return }
            let mode = (attributes[.posixPermissions] as? Int) ?? -1
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?: entries[relative] = .link((try? files.destinationOfSymbolicLink(atPath: path)) ?? "?")
            case .typeDirectory?:
                entries[relative] = .folder(mode: mode)
                for name in (try? files.contentsOfDirectory(atPath: path)) ?? [] { visit(relative + "/" + name) }
            case .typeRegular?: entries[relative] = .file(files.contents(atPath: path) ?? Data(), mode: mode)
            default: entries[relative] = .other(mode: mode)
            }
        }
        for name in (try? files.contentsOfDirectory(atPath: base)) ?? [] where name != "scratch" { visit(name) }
        return entries
    }
}

/// What each argument of a vector is to oss: an input it reads, an output
/// it was asked to write (a file, or a folder it writes into), or the
/// journal, which is both. Paths are taken relative to the scratch folder.
struct Roles {
    struct Named { var lexical: String; var resolved: String }
    var inputs: [Named] = []
    var fileOutputs: [Named] = []
    var folderOutputs: [Named] = []
    var journals: [Named] = []
    var help = false

    init(_ arguments: [String], command: String, scratch: String) {
        func named(_ value: String) -> Named {
            let absolute = value.hasPrefix("/") ? value : scratch + "/" + value
            let lexical = Self.normalize(absolute)
            return Named(lexical: lexical, resolved: Self.normalize(URL(fileURLWithPath: lexical).resolvingSymlinksInPath().path))
        }
        var index = 0
        var positional: [String] = []
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if ["--help", "-h", "help"].contains(argument) { help = true }
            guard argument.hasPrefix("--"), argument.count > 2 else { positional.append(argument); continue }
            var name = argument, value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else if index < arguments.count {
                value = arguments[index]
            }
            guard let value else { continue }
            switch name {
            case "--station", "--events": inputs.append(named(value))
            case "--journal": journals.append(named(value)); inputs.append(named(value))
            case "--frames", "--directory": folderOutputs.append(named(value))
            case "--out" where command == "demo": folderOutputs.append(named(value))
            case "--out", "--trace", "--fb": fileOutputs.append(named(value))
            default: break
            }
        }
        if command == "validate" { inputs += positional.dropFirst().map(named) }
        if command == "demo", !arguments.contains(where: { $0.hasPrefix("--out") }) { folderOutputs.append(named("demo-out")) }
    }

    /// Why a change of `path` (nil: it was not or is no longer there) is
    /// not one the command line asked for; nil when it is.
    func judge(_ path: String, before: CommandLineHarness.Entry?, after: CommandLineHarness.Entry?, canaryJournal: String) -> String? {
        let isInput = inputs.contains { $0.lexical == path || $0.resolved == path || path.hasPrefix($0.resolved + "/") || path.hasPrefix($0.lexical + "/") }
        if journals.contains(where: { $0.resolved == canaryJournal }),
           [canaryJournal, canaryJournal + "-wal", canaryJournal + "-shm"].contains(path),
           !fileOutputs.contains(where: { $0.resolved == canaryJournal }) {
            return nil
        }
        guard let before else {
            if journals.contains(where: { journal in ["-wal", "-shm", "-journal"].contains { journal.resolved + $0 == path } }) { return nil }
            if fileOutputs.contains(where: { $0.lexical == path || $0.resolved == path }) { return nil }
            if folderOutputs.contains(where: { path.hasPrefix($0.resolved + "/") || path.hasPrefix($0.lexical + "/") || $0.lexical == path || $0.resolved == path }) {
                return nil
            }
            return "a new file outside the scratch folder"
        }
        if case .link(let target) = before, target.hasPrefix("/dev/") { return "a link to a device was replaced" }
        let named = fileOutputs.contains { $0.lexical == path || $0.resolved == path }
        if named && !isInput { return nil }
        if after == nil { return isInput ? "an input was removed" : "a file outside the scratch folder was removed" }
        return isInput ? "an input was changed" : "a file outside the scratch folder was changed"
    }

    /// `path` with `.`, `..` and repeated slashes removed, without following links.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}

nonisolated(unsafe) private var feedbackSink = 0
/// Removed at exit: libFuzzer ends the process without releasing the shared harness.
nonisolated(unsafe) private var harnessFolders: [String] = []

/// Bytes taken one at a time; `raw` takes a short run of them as text.
struct ByteReader {
    var bytes: [UInt8]
    var position = 0

    mutating func next() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// Up to 63 bytes as text, without NUL (exec cannot pass it) and
    /// without `/`, so that raw text names nothing outside the scratch folder.
    mutating func raw() -> String {
        let count = Int(next() ?? 0) % 64
        var taken: [UInt8] = []
        while taken.count < count, let byte = next() { taken.append(byte == 0 ? 0x01 : byte == 0x2F ? 0x5F : byte) }
        return String(decoding: taken, as: UTF8.self)
    }
}
