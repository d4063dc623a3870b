import ArgumentParser
import LiveRuntime
import StationModel

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the station live: real input devices, the USB station board, the projector.",
        discussion: """
            Reads the buttons, badge reader and scanner through libevdev and the station \
            board through libusb, shows the pictures on the framebuffer (or writes PNGs \
            with --frames) and journals every cycle. --record FILE keeps every input for \
            oss simulate, which replays it through the same pipeline to the same trace and frames. Missing devices are reported and \
            waited for. Stops cleanly on SIGINT, SIGTERM or SIGHUP: lights off, journal closed.
            """)

    @Option(help: "The station folder.") var station: String
    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Write DIR/NNNNNN.png (and NNNNNN-KK.png for changes without a trace event) instead of showing pictures on the framebuffer.")
    var frames: String?
    @Option(help: "Framebuffer device instead of the station's projector.output.") var fb: String?
    @Option(help: "Write the trace (JSON Lines) to FILE, as oss simulate does.") var trace: String?
    @Option(help: "Write every input (device data, board link, timers due) to FILE as an event script; oss simulate replays it to the same trace and frames.")
    var record: String?
    @Flag(help: "Do not ask for real-time scheduling and locked memory.") var noRealtime = false

    func run() throws {
        let station = try loadStation(station)
        let inputs = try protectedInputs(station: station)
        try checkJournalPath(journal, apartFrom: inputs)
        var protected = inputs
        protected.addJournal(journal)
        let outputs = [trace, record, frames].compactMap { $0 }
        if Set(outputs).count < outputs.count {
            throw CommandFailure("error: --trace, --record and --frames must name different paths")
        }
        var options = LiveStation.Options()
        options.tracePath = trace
        options.recordPath = record
        options.protected = protected
        options.journalPath = journal
        options.framesDirectory = frames
        options.framebuffer = fb
        options.realtime = !noRealtime
        options.log = { Self.complain("oss run: \($0)") }
        do {
            let live = try LiveStation(station: station, options: options)
            Self.complain("oss run: station \(station.id) running; stop with Ctrl-C, SIGTERM or SIGHUP")
            try live.run()
        } catch {
            throw CommandFailure("error: \(describe(error))")
        }
    }
}
