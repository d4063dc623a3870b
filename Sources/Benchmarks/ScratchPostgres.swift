import Foundation
import LinuxSystem

/// A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster
/// in a temporary folder, reachable only through a Unix socket in that
/// folder, with a database `site` owned by the user `oss`. Debian's
/// postgresql package (the newest /usr/lib/postgresql/<N>/bin).
///
/// Run as root (as CI does), the server runs as the `postgres` account
/// (initdb refuses root) through setpriv. pg_ctl writes to a log file in the
/// folder, never to a pipe of ours: the server inherits pg_ctl's descriptors
/// and would hold a pipe open for its whole life. umockdev's LD_PRELOAD and
/// UMOCKDEV_DIR (the tests run under umockdev-wrapper) and the PG*
/// variables are kept from every child.
public final class ScratchPostgres: @unchecked Sendable {
    public enum Authentication: Sendable {
        /// Anyone on the socket may log in as anyone.
        case trust
        /// `oss` logs in with this password (SCRAM-SHA-256).
        case scram(password: String)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The folder holding the socket (`.s.PGSQL.<port>`), the cluster (`data`) and `server.log`.
    public let socketDirectory: String
    public let port: Int
    private let bin: String
    private let authentication: Authentication
    /// setpriv's arguments when running as root, else empty.
    private let asPostgres: [String]
    private var running = false

    /// `postgres://oss@%2F...:port/site?sslmode=disable`
    public var url: String {
        let host = socketDirectory.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketDirectory
        return "postgres://oss@\(host):\(port)/site?sslmode=disable"
    }

    public init(authentication: Authentication = .trust) throws {
        self.authentication = authentication
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw Failure(description: "PostgreSQL not found in /usr/lib/postgresql: install the Debian package postgresql (scripts/install-deps.sh, make test)")
        }
        bin = "/usr/lib/postgresql/\(newest)/bin"
        port = Int.random(in: 20000...60000)
        socketDirectory = "/tmp/oss-pg-\(UUID().uuidString.prefix(8).lowercased())"
        let manager = FileManager.default
        try manager.createDirectory(atPath: socketDirectory, withIntermediateDirectories: false,
                                    attributes: [.posixPermissions: 0o711])
        if ProcessFacts.isSuperuser {
            do {
                try manager.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: socketDirectory)
            } catch {
                try? manager.removeItem(atPath: socketDirectory)
                throw Failure(description: "no postgres account to run the server as: install the Debian package postgresql")
            }
            asPostgres = ["/usr/bin/setpriv", "--reuid", "postgres", "--regid", "postgres", "--init-groups", "--"]
        } else {
            asPostgres = []
        }
        do {
            var initdb = ["-D", "\(socketDirectory)/data", "-U", "oss", "-N", "--no-locale", "-E", "UTF8"]
            switch authentication {
            case .trust:
                initdb += ["--auth-local=trust", "--auth-host=reject"]
            case .scram(let password):
                let file = "\(socketDirectory)/password"
                try Data(password.utf8).write(to: URL(fileURLWithPath: file))
                try manager.setAttributes(asPostgres.isEmpty ? [.posixPermissions: 0o600]
                                          : [.posixPermissions: 0o600, .ownerAccountName: "postgres"], ofItemAtPath: file)
                initdb += ["--auth-local=scram-sha-256", "--auth-host=reject", "--pwfile=\(file)"]
            }
            defer { try? manager.removeItem(atPath: "\(socketDirectory)/password") }
            try server("initdb", initdb)
            try start()
            _ = try psql("CREATE DATABASE site", database: "postgres")
        } catch {
            try? stop()
            try? manager.removeItem(atPath: socketDirectory)
            throw error
        }
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }

    /// Starts the server (again, after `stop()`); returns once it accepts connections.
    public func start() throws {
        guard !running else { return }
        let options = "-k \(socketDirectory) -c listen_addresses='' -p \(port) -c fsync=off -c full_page_writes=off"
        try server("pg_ctl", ["-D", "\(socketDirectory)/data", "-l", "\(socketDirectory)/server.log", "-w", "-t", "30",
                              "-o", options, "start"])
        running = true
    }

    /// Stops the server (fast: clients are disconnected).
    public func stop() throws {
        guard running else { return }
        resume()
        try server("pg_ctl", ["-D", "\(socketDirectory)/data", "-w", "-t", "30", "-m", "fast", "stop"])
        running = false
    }

    /// Freezes the postmaster (SIGSTOP): connections already open keep
    /// working, new ones hang in the listen queue without an answer, as
    /// with a server that stopped responding.
    public func pause() throws {
        try signal("STOP", pid: postmasterID())
    }

    /// Undoes `pause()`.
    public func resume() {
        if let pid = try? postmasterID() { try? signal("CONT", pid: pid) }
    }

    /// Sends a signal (`STOP`, `CONT`, `TERM` ...) to one server process,
    /// such as a backend from `SELECT pg_backend_pid()`.
    public func signal(_ name: String, pid: Int) throws {
        _ = try Self.run("/bin/kill", ["-s", name, String(pid)], environment: Self.childEnvironment())
    }

    /// Runs SQL through `psql -At -X` as `oss`; its output without the last newline.
    @discardableResult
    public func psql(_ sql: String, database: String = "site") throws -> String {
        var environment = Self.childEnvironment()
        if case .scram(let password) = authentication { environment["PGPASSWORD"] = password }
        let output = try Self.run("\(bin)/psql", ["-h", socketDirectory, "-p", String(port), "-U", "oss", "-d", database,
                                                  "-At", "-X", "-v", "ON_ERROR_STOP=1", "-c", sql], environment: environment)
        return output.hasSuffix("\n") ? String(output.dropLast()) : output
    }

    private func postmasterID() throws -> Int {
        let text = try String(contentsOfFile: "\(socketDirectory)/data/postmaster.pid", encoding: .utf8)
        guard let first = text.split(separator: "\n").first, let pid = Int(first) else {
            throw Failure(description: "no postmaster.pid")
        }
        return pid
    }

    /// Runs a server program (initdb, pg_ctl) as the postgres account when
    /// root, with no pipe of ours: its output goes to a log file.
    private func server(_ program: String, _ arguments: [String]) throws {
        let log = "\(socketDirectory)/\(program).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        if !asPostgres.isEmpty {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: log)
        }
        let process = Process()
        // Foundation learns of a child's end from a socket the child inherits:
        // a server pg_ctl leaves running would hold it, and waitUntilExit would
        // never return. bash closes every descriptor above 2 first.
        let closeAll = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#
        let command = asPostgres + ["/bin/bash", "-c", closeAll, "\(bin)/\(program)"] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = Self.childEnvironment()
        process.currentDirectoryURL = URL(fileURLWithPath: socketDirectory)
        process.standardInput = FileHandle.nullDevice
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try? output.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let server = (try? String(contentsOfFile: "\(socketDirectory)/server.log", encoding: .utf8)) ?? ""
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)\(server)")
        }
    }

    /// Runs a short client program to its end; its standard output.
    private static func run(_ path: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // psql's messages are short: standard output first cannot stall it.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(path) failed (\(process.terminationStatus)): \(String(decoding: message, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// This process's environment without umockdev's preload and without
    /// PostgreSQL's variables (a developer's PGHOST must not redirect a test).
    private static func childEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { name, _ in
            name != "LD_PRELOAD" && name != "UMOCKDEV_DIR" && !name.hasPrefix("PG")
        }
    }
}
