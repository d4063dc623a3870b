@testable import SiteStore
import Benchmarks
import Testing
import TestSupport

@Suite("Central schema", .serialized)
struct CentralSchemaTests {
    @Test func aNewDatabaseIsMigratedOnceAndAnUpToDateOneOnlyRead() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            let database = try await SiteDatabase.connect(to: SiteAddress(server.url))
            #expect(try await CentralSchema.currentVersion(database) == 0)
            await #expect(throws: SiteError.self) { try await CentralSchema.requireUpToDate(database) }
            try await CentralSchema.bringUpToDate(database)
            #expect(try await CentralSchema.currentVersion(database) == CentralSchema.version)
            // A role that may only read and write rows (no CREATE) syncs against an up-to-date database.
            try server.psql("""
                CREATE ROLE station LOGIN; GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO station;
                GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO station; REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                """)
            let stationURL = server.url.replacingOccurrences(of: "postgres://oss@", with: "postgres://station@")
            let asStation = try await SiteDatabase.connect(to: SiteAddress(stationURL))
            try await CentralSchema.bringUpToDate(asStation)
            await asStation.close()
            try await CentralSchema.bringUpToDate(database)
            #expect(try server.psql("SELECT count(*) FROM oss_schema") == "1")
            await database.close()
        }
    }

    @Test func aNewerSchemaIsRefusedBeforeAnythingIsWritten() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            let database = try await SiteDatabase.connect(to: SiteAddress(server.url))
            try await CentralSchema.bringUpToDate(database)
            try server.psql("UPDATE oss_schema SET version = 99")
            await #expect(throws: SiteError.schemaNewer(found: 99, known: CentralSchema.version)) {
                try await CentralSchema.bringUpToDate(database)
            }
            await #expect(throws: SiteError.schemaNewer(found: 99, known: CentralSchema.version)) {
                try await CentralSchema.requireUpToDate(database)
            }
            #expect(try server.psql("SELECT version FROM oss_schema") == "99")
            await database.close()
        }
    }

    @Test func eightStationsMigratingAtOnceMigrateOnce() async throws {
        try await DedicatedExecutor.run {
            let server = try ScratchPostgres()
            let url = server.url
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let database = try await SiteDatabase.connect(to: SiteAddress(url))
                        try await CentralSchema.bringUpToDate(database)
                        await database.close()
                    }
                }
                try await group.waitForAll()
            }
            #expect(try server.psql("SELECT version FROM oss_schema") == String(CentralSchema.version))
        }
    }
}
