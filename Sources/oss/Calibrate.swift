import ArgumentParser
import Display
import Framebuffer
import LinuxSystem
import PNGImage
import Typesetting

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or write the calibration pattern of a station.",
        discussion: """
            Draws a bright cross at each of the 4 calibration pixels (numbered as in \
            station.yaml), the table's outline and every zone outlined and labelled, all \
            through the calibration. With --out it writes a PNG; otherwise it shows the \
            pattern on the station's framebuffer (projector.output, or --fb) until Enter.
            """)

    @Option(help: "The station folder.") var station: String
    @Option(help: "Write the pattern to this PNG file instead of showing it.") var out: String?
    @Option(help: "Framebuffer device instead of the station's projector.output.") var fb: String?

    func run() throws {
        let station = try loadStation(station)
        let pattern: Frame
        do {
            pattern = try CalibrationPattern.render(station, fonts: FontLocator.standardFonts())
        } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        if let out {
            do {
                let file = try OutputFile.create(out, protecting: protectedInputs(station: station))
                try file.write(try PNGFile.encode(pattern))
                try file.commit()
            } catch {
                throw CommandFailure("error: \(describe(error))")
            }
            say("Calibration pattern written to \(out)")
            return
        }
        let path = fb ?? station.projector.output
        do {
            let device = try FramebufferDevice(path: path, expected: (station.projector.width, station.projector.height))
            try device.sink.show(pattern)
            print("Calibration pattern on \(path). Press Enter to end.")
            if ProcessFacts.standardInputIsTerminal { _ = readLine() }
        } catch {
            throw CommandFailure("error: \(describe(error))")
        }
    }
}
