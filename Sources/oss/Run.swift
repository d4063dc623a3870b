import ArgumentParser
import LiveRuntime
import StationModel

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the station live: real input devices, the USB station board, the projector.",
        discussion: """
            Reads the buttons, badge reader and scanner through libevdev and the station \
            board through libusb, shows the pictures on the framebuffer (or writes PNGs \
            with --frames) and journals every cycle. Missing devices are reported and \
            waited for. Stops cleanly on SIGINT, SIGTERM or SIGHUP: lights off, journal closed.
            """)

    @Option(help: "The station folder.") var station: String
    @Option(help: "The SQLite journal.") var journal = "oss.db"
    @Option(help: "Write DIR/NNNNNN.png instead of showing pictures on the framebuffer.") var frames: String?
    @Option(help: "Framebuffer device instead of the station's projector.output.") var fb: String?
    @Flag(help: "Do not ask for real-time scheduling and locked memory.") var noRealtime = false

    func run() throws {
        let station = try loadStation(station)
        try checkJournalPath(journal, apartFrom: protectedInputs(station: station))
        var options = LiveStation.Options()
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
