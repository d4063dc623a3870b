import ArgumentParser

@main
struct OSS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oss",
        abstract: "Operator support system for manual assembly stations.",
        discussion: """
            Projects work instructions step by step, blocks the next step after a wrong \
            action, and journals cycle and step times per (pseudonymous) worker.
            """,
        subcommands: [Demo.self, Validate.self, Simulate.self, Export.self, Calibrate.self, Devices.self, Run.self, Level.self, Audit.self, Report.self, Names.self, Purge.self, BenchCommand.self])
}

extension ParsableCommand {
    /// Prints `message` to standard error.
    static func complain(_ message: String) {
        var stderr = StandardError()
        print(message, to: &stderr)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileOutput.standardError.write(string)
    }
}
