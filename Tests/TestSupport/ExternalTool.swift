import Foundation

/// A program a test needs (tesseract, chromium, python3 ...), found on PATH.
/// A missing one fails the test with what to install, never skips it:
/// `make test` installs them (scripts/install-deps.sh).
public struct ExternalTool: Sendable {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public let path: String

    /// `name` on PATH, or `Missing` naming the Debian `package` to install.
    public init(_ name: String, package: String) throws {
        let found = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let found else {
            throw Missing(description: "\(name) not found on PATH: install the Debian package \(package) (scripts/install-deps.sh, make test)")
        }
        path = found
    }

    /// Runs the tool to its end; its exit status and standard output
    /// (standard error is dropped).
    public func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
