import Foundation
@testable import SiteStore
import Testing

@Suite struct PasswordFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("oss-pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes a password file with `mode`; the environment that names it.
    func file(_ text: String, mode: Int = 0o600) throws -> [String: String] {
        let path = folder.appendingPathComponent("pgpass").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return ["PGPASSFILE": path, "USER": "anna"]
    }

    func address(_ url: String) throws -> SiteAddress {
        try SiteAddress(url, environment: ["USER": "anna"])
    }

    @Test func pgpasswordComesFirst() throws {
        var environment = try file("*:*:*:*:fromfile\n")
        environment["PGPASSWORD"] = "fromenv"
        #expect(PasswordFile.password(for: try address("postgres://oss@db/site"), environment: environment) == "fromenv")
        environment["PGPASSWORD"] = ""
        #expect(PasswordFile.password(for: try address("postgres://oss@db/site"), environment: environment) == "fromfile")
    }

    @Test func firstMatchingLineWins() throws {
        let environment = try file("""
            # comment:*:*:*:no
            db:5432:other:oss:wrongdb
            db:5433:site:oss:wrongport
            other:5432:site:oss:wronghost
            db:5432:site:bert:wronguser
            db:*:site:oss:right
            *:*:*:*:fallback
            """)
        #expect(PasswordFile.password(for: try address("postgres://oss@db/site"), environment: environment) == "right")
        #expect(PasswordFile.password(for: try address("postgres://x@elsewhere/y"), environment: environment) == "fallback")
    }

    @Test func escapes() throws {
        let environment = try file(#"db\:1:*:si\\te:o\*ss:pa\:ss\\word"# + "\n" + #"*:*:*:\*:star"# + "\r\n")
        #expect(PasswordFile.password(for: try address(#"postgres://o*ss@db/si%5Cte"#), environment: environment) == nil)
        #expect(PasswordFile.password(for: try address("postgres://*@db/site"), environment: environment) == "star")
        #expect(PasswordFile.password(for: try address("postgres://oss@db/site"), environment: environment) == nil)
        let colon = try file(#"*:*:si\\te:o\*ss:pa\:ss\\word"#)
        #expect(PasswordFile.password(for: try address(#"postgres://o*ss@db/si%5Cte"#), environment: colon) == #"pa:ss\word"#)
    }

    @Test func socketsMatchLikeLibpq() throws {
        let environment = try file("localhost:5432:site:oss:default\n/tmp/pg:5432:site:oss:own\n")
        #expect(PasswordFile.password(for: try address("postgres://oss@/site"), environment: environment) == "default")
        #expect(PasswordFile.password(for: try address("postgres://oss@%2Ftmp%2Fpg/site"), environment: environment) == "own")
        #expect(PasswordFile.password(for: try address("postgres://oss@localhost/site"), environment: environment) == "default")
    }

    @Test func fileOpenToOthersIsIgnored() throws {
        for mode in [0o640, 0o604, 0o666] {
            let environment = try file("*:*:*:*:secret\n", mode: mode)
            #expect(PasswordFile.password(for: try address("postgres://oss@db/site"), environment: environment) == nil)
        }
    }

    @Test func homeFileAndMissingFiles() throws {
        let home = folder.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let path = home.appendingPathComponent(".pgpass").path
        try Data("db:5432:site:oss:athome\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let site = try address("postgres://oss@db/site")
        #expect(PasswordFile.password(for: site, environment: ["HOME": home.path]) == "athome")
        #expect(PasswordFile.password(for: site, environment: ["HOME": folder.path]) == nil)
        #expect(PasswordFile.password(for: site, environment: [:]) == nil)
        #expect(PasswordFile.password(for: site, environment: ["PGPASSFILE": folder.path]) == nil)
    }
}
