import Foundation

/// A test's verdict: `PASS name: detail` or `FAIL name: reason`, one line each,
/// which kernel-tests/run.sh counts.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Report {
    nonisolated(unsafe) static var failed = 0

    /// Runs one test; `body` returns what it read back, for the log.
    static func test(_ name: String, _ body: () throws -> String) {
        do {
            let detail = try body()
            say("PASS \(name): \(detail)")
        } catch {
            failed += 1
            say("FAIL \(name): \(error)")
        }
    }
}

/// One line on standard output, unbuffered: the serial console is the only way out of the VM.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw Failure(message()) }
}

/// Runs a helper program of the rig to its end.
@discardableResult
func runTool(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/rig/" + tool)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw Failure("\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
    }
    return text
}

/// A helper program that stays running and answers one line per command.
final class Helper {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffer = Data()
    let name: String

    init(_ tool: String, _ arguments: [String]) throws {
        name = tool
        process.executableURL = URL(fileURLWithPath: "/rig/" + tool)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// The next line the helper prints.
    func line() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw Failure("\(name) ended without answering") }
            buffer.append(chunk)
        }
    }

    /// Sends a command and returns the helper's answer line.
    @discardableResult
    func send(_ command: String) throws -> String {
        post(command)
        return try answer(to: command)
    }

    /// Sends a command without waiting: the caller reads while the helper works.
    func post(_ command: String) {
        input.fileHandleForWriting.write(Data((command + "\n").utf8))
    }

    /// The answer to a posted command.
    @discardableResult
    func answer(to command: String) throws -> String {
        let answer = try line()
        guard !answer.hasPrefix("error") else { throw Failure("\(name) \(command): \(answer)") }
        return answer
    }

    func finish() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// `key=value` fields of a helper's answer line.
func fields(_ line: String) -> [String: String] {
    var result: [String: String] = [:]
    for part in line.split(separator: " ") {
        let pair = part.split(separator: "=", maxSplits: 1)
        if pair.count == 2 { result[String(pair[0])] = String(pair[1]) }
    }
    return result
}

func monotonicSeconds() -> Double { ProcessInfo.processInfo.systemUptime }

/// Waits until `condition` holds, at most `seconds`.
func wait(_ seconds: Double, for what: String, _ condition: () throws -> Bool) throws {
    let deadline = monotonicSeconds() + seconds
    while monotonicSeconds() < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.005)
    }
    throw Failure("timed out after \(seconds) s waiting for \(what)")
}
