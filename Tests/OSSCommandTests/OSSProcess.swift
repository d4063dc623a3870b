import Foundation
import TestSupport

/// The result of running the `oss` binary.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String

    /// No crash, no stack trace, whatever the input.
    var isClean: Bool {
        !stderr.contains("Fatal error") && !stderr.contains("Stack dump") && !stderr.contains("Backtrace") && status < 128
    }
}

func oss(_ arguments: String..., in directory: String? = nil) throws -> Run {
    try oss(arguments, in: directory)
}

/// Runs the `oss` built beside this test bundle; `environment` adds
/// variables, `standardOutput` replaces the captured pipe (e.g. /dev/full),
/// `standardInput` becomes its standard input (else it inherits the tests').
func oss(_ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:],
         standardOutput: FileHandle? = nil, standardInput: Data? = nil) throws -> Run {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
    let process = Process()
    process.executableURL = FileManager.default.fileExists(atPath: binary.path)
        ? binary : URL(fileURLWithPath: Repository.root + "/.build/debug/oss")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "UMOCKDEV_DIR")
    process.environment = environment.merging(extra) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = standardOutput ?? out
    process.standardError = err
    // From a file, not a pipe: a command that exits before reading cannot make the test's write fail.
    let inputFile = standardInput.map { _ in NSTemporaryDirectory() + "oss-stdin-" + UUID().uuidString }
    defer { if let inputFile { try? FileManager.default.removeItem(atPath: inputFile) } }
    if let standardInput, let inputFile {
        guard FileManager.default.createFile(atPath: inputFile, contents: standardInput),
              let handle = FileHandle(forReadingAtPath: inputFile) else { throw CocoaError(.fileWriteUnknown) }
        process.standardInput = handle
    }
    try process.run()
    let stdout = standardOutput == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
               stderr: String(decoding: stderr, as: UTF8.self))
}


/// An `oss` run in the background (a sync to kill, a `--follow` to stop):
/// its standard output and error go to files, never to pipes it could fill.
final class OSSProcess {
    let process = Process()
    private let output: String

    var identifier: Int32 { process.processIdentifier }

    private init(_ arguments: [String]) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oss")
        process.executableURL = FileManager.default.fileExists(atPath: binary.path)
            ? binary : URL(fileURLWithPath: Repository.root + "/.build/debug/oss")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "UMOCKDEV_DIR")
        environment.removeValue(forKey: "LD_PRELOAD")
        process.environment = environment
        output = NSTemporaryDirectory() + "oss-background-" + UUID().uuidString
        FileManager.default.createFile(atPath: output + ".out", contents: nil)
        FileManager.default.createFile(atPath: output + ".err", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".err"))
        process.standardInput = FileHandle.nullDevice
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: output + ".out")
        try? FileManager.default.removeItem(atPath: output + ".err")
    }

    static func start(_ arguments: [String]) throws -> OSSProcess {
        let started = try OSSProcess(arguments)
        try started.process.run()
        return started
    }

    /// Waits for the end: the exit status, or minus the signal that ended it.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    }

    func standardError() -> String { (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? "" }
    func standardOutput() -> String { (try? String(contentsOfFile: output + ".out", encoding: .utf8)) ?? "" }
}
