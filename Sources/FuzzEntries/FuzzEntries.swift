import BoardProtocol
import Display
import Hyphenation
import InputMapping
import Pipeline
import Replay
import Scripts
import StationEngine
import StationModel
import Typesetting
import Foundation

/// What the fuzzers check, one function per target. Each takes any bytes,
/// must not crash, and checks the properties that must hold for every
/// input (a failed check traps, which the fuzzer reports as a crash). The
/// same functions replay saved crash inputs in the test suite
/// (`Tests/Fixtures/fuzz/`), so a crash found once stays a regression test.
public enum FuzzEntries {
    public enum Target: String, CaseIterable, Sendable {
        case boardDecoder = "board-decoder", eventScript = "event-script", stationLoader = "station-loader"
    }

    /// The station scripts and board data are checked against:
    /// `$OSS_FUZZ_STATION`, by default stations/fietslamp-1 of the working folder.
    public static let station: Station = {
        let directory = ProcessInfo.processInfo.environment["OSS_FUZZ_STATION"] ?? "stations/fietslamp-1"
        do {
            return try StationLoader.load(directory: directory)
        } catch {
            fatalError("fuzz: cannot load the station in \(directory): \(error)")
        }
    }()

    public static func run(_ target: Target, _ bytes: [UInt8], station: Station) {
        switch target {
        case .boardDecoder: boardDecoder(bytes, station: station)
        case .eventScript: eventScript(bytes, station: station)
        case .stationLoader: stationLoader(bytes)
        }
    }

    // MARK: Protocol decoder

    /// Whole or in chunks, the decoder finds the same frames; every frame
    /// re-encodes to bytes that decode to itself; mapping and the board
    /// session accept whatever comes.
    public static func boardDecoder(_ bytes: [UInt8], station: Station) {
        var whole = BoardDecoder()
        let all = whole.feed(bytes) + whole.endTransfer()
        var pieces = BoardDecoder()
        var chunked: [BoardDecoder.Event] = []
        let size = Int(bytes.first ?? 0) % 7 + 1
        var start = 0
        while start < bytes.count {
            chunked += pieces.feed(bytes[start..<min(bytes.count, start + size)])
            start += size
        }
        chunked += pieces.endTransfer()
        precondition(frames(all) == frames(chunked), "chunking changed the decoded frames")

        var session = BoardSession(wantedSerial: nil)
        _ = session.connected(at: 0)
        let mapper = BoardMapper(station: station)
        for (index, event) in all.enumerated() {
            _ = mapper.map(event)
            guard case .frame(let frame) = event else { continue }
            _ = session.received(frame, at: Int64(index) * 1000)
            var again = BoardDecoder()
            let decoded = again.feed(BoardEncoder.encode(frame)) + again.endTransfer()
            precondition(decoded == [.frame(frame)], "a decoded frame does not survive encoding")
        }
        _ = session.tick(at: 10_000_000)
    }

    private static func frames(_ events: [BoardDecoder.Event]) -> [BoardFrame] {
        events.compactMap { if case .frame(let frame) = $0 { frame } else { nil } }
    }

    // MARK: Event scripts

    /// A script either parses, and then runs through mapping and engine, or
    /// is refused with problems that name real lines.
    public static func eventScript(_ bytes: [UInt8], station: Station) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lineCount = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        let script: EventScript
        do {
            script = try EventScript.parse(text, file: "fuzz.jsonl", station: station)
        } catch {
            precondition(!error.problems.isEmpty, "a refused script without a problem")
            precondition(error.problems.count <= EventScript.maxProblems, "more problems listed than the cap")
            for problem in error.problems {
                precondition(problem.line >= 0 && problem.line <= lineCount, "problem on line \(problem.line) of \(lineCount)")
                precondition(!problem.message.isEmpty, "a problem without a message")
            }
            return
        }
        // The station's one pipeline, as `oss simulate` and `oss run` drive it.
        let core = StationCore(station: station, history: .empty, origin: 0)
        core.onEvent = { event in
            if case .login(let worker) = event.kind {
                precondition(InputText.problem(in: worker, kind: .badge) == nil, "a worker id that breaks the text rule")
            }
        }
        var count = 0
        // A script parsed from memory hands out its lines without reading anything, so this cannot throw.
        try? script.forEachLine { line in
            count += 1
            guard count <= 2000 else { return }
            precondition(line.number >= 1 && line.number <= lineCount, "line number \(line.number) outside the script")
            core.take(line.action, at: line.time)
        }
        precondition(count == script.count, "the script's count is not its number of lines")
    }

    // MARK: Station loader

    /// The input is a station.yaml, optionally followed by `\n--- product\n`
    /// and a product file. Loading never crashes; a station that does not
    /// load has diagnostics, each naming one of the two files.
    /// True when the station loaded (and was drawn).
    @discardableResult
    public static func stationLoader(_ bytes: [UInt8]) -> Bool {
        // One scratch folder and one set of FreeType faces (not thread-safe)
        // per process: inputs are checked one at a time, also when tests run
        // in parallel.
        loaderLock.lock()
        defer { loaderLock.unlock() }
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.components(separatedBy: "\n--- product\n")
        // Stations and products are named after their ids: use the ids the input gives, so that they can load.
        func id(_ key: String, in text: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(key + ":") }
                .map { $0.dropFirst(key.count + 1).trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) }
                .flatMap { $0.count <= 64 && !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") } ? $0 : nil }
        }
        let directory = scratchDirectory() + "/" + (id("station", in: parts[0]) ?? "station")
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.createDirectory(atPath: directory + "/products", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/station.yaml", contents: Data(parts[0].utf8))
        if parts.count > 1 {
            let product = parts[1...].joined(separator: "\n")
            FileManager.default.createFile(atPath: directory + "/products/\(id("product", in: product) ?? "p").yaml", contents: Data(product.utf8))
        }
        let result = StationLoader.check(directory: directory)
        if result.station == nil {
            precondition(!result.diagnostics.isEmpty, "a station that does not load, without a diagnostic")
        }
        for diagnostic in result.diagnostics {
            precondition(diagnostic.file.hasPrefix(directory + "/"), "a diagnostic for \(diagnostic.file)")
            if let line = diagnostic.line { precondition(line >= 1, "line \(line)") }
            precondition(!diagnostic.message.isEmpty, "a diagnostic without a message")
        }
        guard let station = result.station else { return false }
        render(station)
        return true
    }

    /// A station that loads can be drawn, whatever its geometry: every
    /// screen, every step at every level (with help, slow, a count), with an
    /// error on a wrong zone.
    static func render(_ station: Station) {
        guard station.projector.width * station.projector.height <= 1280 * 1024, let fonts = fonts,
              let renderer = try? TableRenderer(station: station, fonts: fonts, hyphenation: hyphenator) else { return }
        _ = try? CalibrationPattern.render(station, fonts: fonts)
        renderer.render(DisplayModel(screen: .loggedOut))
        renderer.render(DisplayModel(screen: .idle(worker: "W1")))
        for product in station.products {
            for (index, step) in product.steps.enumerated() {
                for level in 1...3 {
                    var view = StepView(product: product.id, index: index, stepCount: product.steps.count, level: level)
                    renderer.render(DisplayModel(screen: .step(view)))
                    (view.helped, view.slow, view.needed) = (level == 2, level == 1, step.done.count)
                    renderer.render(DisplayModel(screen: .step(view), celebrating: level == 1))
                    view.error = ErrorView(kind: .wrongInput, input: step.wrong.first ?? step.done.input, clear: step.clear)
                    renderer.render(DisplayModel(screen: .step(view), offline: level == 3))
                }
            }
        }
    }

    /// Used only under `loaderLock`.
    nonisolated(unsafe) private static let fonts: Fonts? = try? FontLocator.standardFonts()
    /// Used only under `loaderLock`: fuzzed texts through libhyphen too.
    nonisolated(unsafe) private static let hyphenator = Hyphenator(languages: ["nl", "en"])
    private static let loaderLock = NSLock()

    /// One folder per process for the loader's files.
    private static func scratchDirectory() -> String {
        let directory = NSTemporaryDirectory() + "oss-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
        if !FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        return directory
    }
}
