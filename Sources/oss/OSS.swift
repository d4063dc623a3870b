import ArgumentParser
import Foundation
import LinuxSystem

@main
struct OSS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oss",
        abstract: "Operator support system for manual assembly stations.",
        discussion: """
            Projects work instructions step by step, blocks the next step after a wrong \
            action, and journals cycle and step times per (pseudonymous) worker.
            """,
        subcommands: [Demo.self, Validate.self, Simulate.self, Export.self, Calibrate.self, Devices.self, Run.self, Level.self, Audit.self, StationsCommand.self, WorkersCommand.self, Report.self, Names.self, Purge.self, User.self, Serve.self, Sync.self, BenchCommand.self])

    /// Every file oss creates is private to its account (person data); a
    /// command's output that could not be written ends in a non-zero exit,
    /// standard output included.
    static func main() {
        ProcessFacts.restrictNewFileModes()
        var status: Int32 = 0
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            _ = failure
            status = 1
        } catch {
            status = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if status == 0 { print(message) } else { complain(message) }
            }
        }
        if let failure = ProcessFacts.finishStandardOutput() {
            complain("error: \(failure)")
            if status == 0 { status = 1 }
        }
        ProcessFacts.exit(status)
    }
}

extension ParsableCommand {
    /// Prints `message` to standard error, control characters made visible.
    static func complain(_ message: String) {
        var stderr = StandardError()
        print(Terminal.safe(message), to: &stderr)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileOutput.standardError.write(string)
    }
}
