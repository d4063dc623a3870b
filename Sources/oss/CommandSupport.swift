import ArgumentParser
import Foundation
import Journal
import LinuxSystem
import StationEngine
import StationModel

/// Shared by every subcommand: how errors reach the user, who is acting,
/// which files a command must never overwrite, and opening its inputs.

/// Ends a command with exit status 1 after `message` went to standard error.
struct CommandFailure: Error {
    init(_ message: String) { OSS.complain(message) }
}

/// Text for the terminal: control characters from input (escape
/// sequences, NUL, bidi controls) are shown as `\u{..}` instead of being
/// interpreted. Newlines and tabs stay.
enum Terminal {
    static func safe(_ text: String) -> String { PrintableText.escaped(text, keepingLineBreaks: true) }
}

/// A message for any error, without Swift type names or NSError dumps.
func describe(_ error: any Error) -> String {
    switch error {
    case let error as CustomStringConvertible where !(error is NSError): return error.description
    case let error as NSError:
        let path = (error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return path + SystemError.reason(Int32(underlying.code))
        }
        return path + error.localizedDescription
    default: return String(describing: error)
    }
}

/// Prints a line to standard output with control characters made visible.
func say(_ text: String) {
    print(Terminal.safe(text))
}

/// Refuses to run when standard output or standard error is one of the
/// command's inputs (`oss export 1<> oss.db`, `>> events.jsonl`): what the
/// command prints would be written into it.
func guardStandardStreams(_ protected: ProtectedFiles) throws {
    for (descriptor, name) in [(STDOUT_FILENO, "standard output"), (STDERR_FILENO, "standard error")] {
        if let input = protected.conflict(descriptor: descriptor) {
            // The message itself must not go into the input either.
            if descriptor == STDERR_FILENO { ProcessFacts.silenceStandardError() }
            throw CommandFailure("error: \(name) is \(input), an input of this command; send it elsewhere")
        }
    }
}

/// Opens an existing journal (most commands must not create one).
func openExistingJournal(_ path: String) throws -> Journal {
    var journalFiles = ProtectedFiles()
    journalFiles.addJournal(path)
    try guardStandardStreams(journalFiles)
    try refuseNonRegularJournal(path)
    do {
        return try Journal(path: path, create: false)
    } catch {
        throw CommandFailure("error: \(describe(error))" + (FileIdentity.of(path) == nil ? " (it is made by `oss simulate` or `oss run`)" : ""))
    }
}

/// A journal path that names a device, a folder or a FIFO is refused before SQLite touches it.
private func refuseNonRegularJournal(_ path: String) throws {
    if let kind = ReadOnlyFile.kind(atPath: path), kind != .regular {
        throw CommandFailure("error: journal \(path) is not a regular file")
    }
}

/// Opens or creates the journal at `path`, which must not be one of the
/// command's other inputs (`inputs`: an event script, station files).
func openJournal(_ path: String, apartFrom inputs: ProtectedFiles = ProtectedFiles()) throws -> Journal {
    try checkJournalPath(path, apartFrom: inputs)
    do {
        return try Journal(path: path)
    } catch {
        throw CommandFailure("error: \(describe(error))")
    }
}

/// Refuses a journal path that is a device, a folder or one of `inputs`, before anything is created.
func checkJournalPath(_ path: String, apartFrom inputs: ProtectedFiles) throws {
    var everything = inputs
    everything.addJournal(path)
    try guardStandardStreams(everything)
    try refuseNonRegularJournal(path)
    if let input = inputs.conflict(path: path, identity: FileIdentity.of(path)) {
        throw CommandFailure("error: journal \(path) " + (input == path ? "is also" : "is the same file as \(input),")
                             + " an input of this command; choose another journal")
    }
}

func loadStation(_ directory: String) throws -> Station {
    do {
        return try StationLoader.load(directory: directory)
    } catch {
        OSS.complain(error.description)
        throw CommandFailure("error: station \(directory) is not valid (see `oss validate \(directory)`)")
    }
}

/// The files a command reads: no output of it, standard output and error
/// included, may replace or grow one.
func protectedInputs(journal: String? = nil, station: Station? = nil, files: [String] = []) throws -> ProtectedFiles {
    var protected = ProtectedFiles()
    if let journal { protected.addJournal(journal) }
    if let station { protected.addTree(station.directory) }
    for file in files { protected.add(file) }
    try guardStandardStreams(protected)
    return protected
}

func parseTime(_ text: String?, option: String) throws -> Int64? {
    guard let text else { return nil }
    guard let value = UTCTime.parse(text) else {
        throw CommandFailure("error: \(option) '\(text)' is not a date or time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
    }
    return value
}

/// Now, from the one clock oss reads (LinuxSystem's SystemClock).
func currentMicros() -> Int64 {
    SystemClock.shared.wallMicros()
}

