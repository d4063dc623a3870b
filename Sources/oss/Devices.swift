import ArgumentParser
import LiveRuntime
import StationModel

struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the input devices and station boards this machine has.",
        discussion: """
            With --station, also which station inputs each device would serve, and which \
            inputs have no device yet.
            """)

    @Option(help: "The station folder.") var station: String?

    func run() throws {
        let loaded = try station.map(loadStation)
        print(DeviceInventory.take(station: loaded).report(station: loaded))
    }
}
