import Benchmarks
import Foundation
import PostgresNIO
@testable import SiteStore
import Testing
import TestSupport

/// Against a throwaway PostgreSQL server each (ScratchPostgres).
@Suite(.serialized) struct SiteDatabaseTests {
    /// No PGPASSWORD, no ~/.pgpass of the machine's.
    let quiet = ["HOME": "/nonexistent", "USER": "oss"]

    func connect(_ server: ScratchPostgres, environment: [String: String]? = nil) async throws -> SiteDatabase {
        try await SiteDatabase.connect(to: SiteAddress(server.url, environment: quiet), environment: environment ?? quiet)
    }

    func count(_ site: SiteDatabase) async throws -> Int {
        try await site.run("count") { connection in
            var total = 0
            for try await value in try await connection.query("SELECT count(*)::int FROM t", logger: Logger(label: "test"))
                .decode(Int.self) { total = value }
            return total
        }
    }

    /// Runs `body` and says how long it took.
    func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
        let clock = ContinuousClock(), start = clock.now
        let value = try await body()
        return (value, clock.now - start)
    }

    @Test func connectsAndSelects() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            defer { try? server.stop() }
            let site = try await connect(server)
            let one = try await site.run("select one") { connection in
                var found: [Int] = []
                for try await value in try await connection.query("SELECT 1::int", logger: Logger(label: "test")).decode(Int.self) {
                    found.append(value)
                }
                return found
            }
            #expect(one == [1])
            await site.close()
        }
    }

    @Test func transactionCommitsAndRollsBack() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            defer { try? server.stop() }
            try server.psql("CREATE TABLE t (n int PRIMARY KEY)")
            let site = try await connect(server)
            try await site.transaction("store rows") { connection in
                try await connection.query("INSERT INTO t VALUES (1), (2)", logger: Logger(label: "test"))
            }
            #expect(try server.psql("SELECT count(*) FROM t") == "2")

            struct Stop: Error {}
            await #expect(throws: SiteError.refused("store rows")) {
                try await site.transaction("store rows") { connection in
                    try await connection.query("INSERT INTO t VALUES (3)", logger: Logger(label: "test"))
                    throw Stop()
                }
            }
            do {
                try await site.transaction("store cycles") { connection in
                    try await connection.query("INSERT INTO t VALUES (4), (1)", logger: Logger(label: "test"))
                }
                Issue.record("a duplicate key was accepted")
            } catch let error as SiteError {
                #expect(error == .refused("store cycles (SQLSTATE 23505: a constraint was violated)"))
                #expect(!error.description.contains("INSERT"))
            }
            // A statement error swallowed by the body: COMMIT answers ROLLBACK, which is no success.
            await #expect(throws: SiteError.refused("store cycles: a statement had failed, so the server rolled the transaction back")) {
                try await site.transaction("store cycles") { connection in
                    try await connection.query("INSERT INTO t VALUES (5)", logger: Logger(label: "test"))
                    _ = try? await connection.query("INSERT INTO t VALUES (1)", logger: Logger(label: "test"))
                }
            }
            #expect(try await count(site) == 2)
            await site.close()
        }
    }

    @Test func missingSocketIsUnreachableAtOnce() async throws {
        try await DedicatedExecutor.run {
            let address = try SiteAddress("postgres://oss@%2Fnonexistent%2Foss/site", environment: quiet)
            let (result, took) = await timed { () async -> SiteError? in
                do { _ = try await SiteDatabase.connect(to: address, environment: quiet); return nil } catch let error as SiteError { return error } catch { Issue.record("\(error)"); return nil }
            }
            #expect(result == .unreachable("postgres://oss@/site (socket /nonexistent/oss): no server socket there (is the server running?)"))
            #expect(took < .seconds(2))
        }
    }

    @Test func silentServerFailsWithinTheConnectTimeout() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            defer { try? server.stop() }
            try server.pause()
            defer { server.resume() }
            let address = try SiteAddress(server.url + "&connect_timeout=2", environment: quiet)
            let (result, took) = await timed { () async -> SiteError? in
                do { _ = try await SiteDatabase.connect(to: address, environment: quiet); return nil } catch let error as SiteError { return error } catch { Issue.record("\(error)"); return nil }
            }
            guard case .unreachable(let text) = result else { Issue.record("\(String(describing: result))"); return }
            #expect(text.hasSuffix("no answer within 2 s"))
            #expect(took < .seconds(4))
        }
    }

    @Test func scramWithThePasswordFromTheEnvironmentOrAFile() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres(authentication: .scram(password: "Zeer:Geheim\\1"))
            defer { try? server.stop() }
            let address = try SiteAddress(server.url, environment: quiet)

            var withEnvironment = quiet
            withEnvironment["PGPASSWORD"] = "Zeer:Geheim\\1"
            try await SiteDatabase.connect(to: address, environment: withEnvironment).close()

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oss-pgpass-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent(".pgpass")
            try Data("\(server.socketDirectory):\(server.port):site:oss:Zeer\\:Geheim\\\\1\n".utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            try await SiteDatabase.connect(to: address, environment: ["HOME": folder.path]).close()

            var wrong = quiet
            wrong["PGPASSWORD"] = "wrong"
            await #expect(throws: SiteError.loginRefused("\(address): wrong password for user 'oss' (PGPASSWORD or ~/.pgpass)")) {
                try await SiteDatabase.connect(to: address, environment: wrong)
            }
            await #expect(throws: SiteError.loginRefused(
                "\(address): the server asks for a password: set PGPASSWORD or add a line to ~/.pgpass")) {
                try await SiteDatabase.connect(to: address, environment: quiet)
            }
        }
    }

    @Test func missingDatabaseIsLoginRefused() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            defer { try? server.stop() }
            let address = try SiteAddress(server.url.replacingOccurrences(of: "/site?", with: "/nosuch?"), environment: quiet)
            await #expect(throws: SiteError.loginRefused("\(address): database 'nosuch' does not exist")) {
                try await SiteDatabase.connect(to: address, environment: quiet)
            }
        }
    }

    @Test func stoppedServerIsLostThenUnreachable() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            defer { try? server.stop() }
            let site = try await connect(server)
            try server.stop()
            let (result, took) = await timed { () async -> SiteError? in
                do {
                    try await site.transaction("store cycles") { connection in
                        try await connection.query("SELECT 1", logger: Logger(label: "test"))
                    }
                    return nil
                } catch let error as SiteError { return error } catch { Issue.record("\(error)"); return nil }
            }
            guard case .lost = result else { Issue.record("\(String(describing: result))"); return }
            // postgres-nio does not always see the stopped server's closed socket;
            // the transaction's 25 s deadline ends the wait (a one-shot sync is
            // promised to fail within 30 s).
            #expect(took < .seconds(27))
            await #expect(throws: SiteError.self) { try await connect(server) }
            do { _ = try await connect(server) } catch let error as SiteError {
                guard case .unreachable = error else { Issue.record("\(error)"); return }
            }
            try server.start()
            try await connect(server).close()
        }
    }

    @Test func hangingServerIsLostAtTheDeadline() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            defer { try? server.stop() }
            let site = try await connect(server)
            let backend = try await site.run("ask the backend") { connection in
                var pid = 0
                for try await value in try await connection.query("SELECT pg_backend_pid()", logger: Logger(label: "test"))
                    .decode(Int.self) { pid = value }
                return pid
            }
            try server.signal("STOP", pid: backend)
            defer { try? server.signal("CONT", pid: backend) }
            let (result, took) = await timed { () async -> SiteError? in
                do {
                    try await site.transaction("store cycles", deadline: .seconds(1)) { connection in
                        try await connection.query("SELECT 1", logger: Logger(label: "test"))
                    }
                    return nil
                } catch let error as SiteError { return error } catch { Issue.record("\(error)"); return nil }
            }
            #expect(result == .lost("no answer within 1 s while trying to store cycles; the connection was closed"))
            #expect(took < .seconds(3))
        }
    }
}
