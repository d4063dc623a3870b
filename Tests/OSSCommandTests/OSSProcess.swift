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

