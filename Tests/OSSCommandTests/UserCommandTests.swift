import Foundation
import Testing
import TestSupport

/// `oss user` as an administrator runs it: passwords on standard input,
/// names and roles checked, hashes and passwords never shown.
@Suite("UserCommand")
struct UserCommandTests {
    let temp = TemporaryDirectory()
    var journal: String { temp.path + "/oss.db" }
    let secret = "Fiets-lamp-2026!"

    func user(_ arguments: String..., password: String? = nil) throws -> Run {
        try oss(["user"] + arguments, standardInput: password.map { Data(($0 + "\n").utf8) })
    }

    /// Every byte of the journal's files, to look for what must not be there.
    func journalBytes() -> Data {
        ["", "-wal", "-shm"].compactMap { FileManager.default.contents(atPath: journal + $0) }.reduce(Data(), +)
    }

    @Test func addListPasswdRemove() throws {
        let added = try user("add", "--journal", journal, "--name", "anna.admin", "--role", "admin", "--password-stdin", password: secret)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "Account anna.admin added (admin)\n")
        let mode = try FileManager.default.attributesOfItem(atPath: journal)[.posixPermissions] as? Int
        #expect(mode == 0o600, "a journal made by `oss user add` is private")
        #expect(try user("add", "--journal", journal, "--name", "piet", "--role", "supervisor", "--password-stdin",
                         password: "0123456789").status == 0)
        let listed = try user("list", "--journal", journal)
        #expect(listed.status == 0 && listed.stdout == "anna.admin  admin\npiet        supervisor\n")

        let changed = try user("passwd", "--journal", journal, "--name", "piet", "--password-stdin", password: "9876543210")
        #expect(changed.status == 0 && changed.stdout == "Password of piet changed\n", "\(changed.stderr)")
        let removed = try user("remove", "--journal", journal, "--name", "piet")
        #expect(removed.status == 0 && removed.stdout == "Account piet removed\n")
        #expect(try user("list", "--journal", journal).stdout == "anna.admin  admin\n")

        let audit = try oss("audit", "--journal", journal)
        #expect(audit.stdout.contains("add name=anna.admin role=admin") && audit.stdout.contains("remove name=piet"))
        for text in [secret, "0123456789", "9876543210", "$2b$"] {
            #expect(!audit.stdout.contains(text) && !listed.stdout.contains(text) && !added.stderr.contains(text), "\(text)")
        }
        for text in [secret, "0123456789", "9876543210"] {
            #expect(journalBytes().range(of: Data(text.utf8)) == nil, "\(text) in the journal's files")
        }
    }

    @Test func aJournalMadeByTheStationHasNoAccount() throws {
        let fixture = StationFixture()
        let script = temp.write("s.jsonl", #"{"t": 0, "login": "W1"}"# + "\n")
        let simulated = try oss("simulate", "--station", fixture.stationPath, "--events", script, "--journal", journal, "--trace", "-")
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let listed = try user("list", "--journal", journal)
        #expect(listed.status == 0 && listed.stdout == "No accounts: add one with `oss user add`.\n")
    }

    @Test func refusesADuplicateAndUnknownNames() throws {
        #expect(try user("add", "--journal", journal, "--name", "anna", "--role", "admin", "--password-stdin", password: secret).status == 0)
        let again = try user("add", "--journal", journal, "--name", "anna", "--role", "assessor", "--password-stdin", password: secret)
        #expect(again.status == 1 && again.stderr.contains("account anna exists already"), "\(again.stderr)")
        let ghost = try user("passwd", "--journal", journal, "--name", "ghost", "--password-stdin", password: secret)
        #expect(ghost.status == 1 && ghost.stderr.contains("no account ghost"))
        #expect(try user("remove", "--journal", journal, "--name", "ghost").stderr.contains("no account ghost"))
        #expect(try user("list", "--journal", journal).stdout == "anna  admin\n")
    }

    @Test func refusesShortEmptyAndMissingPasswords() throws {
        let add = ["add", "--journal", journal, "--name", "anna", "--role", "admin", "--password-stdin"]
        let short = try oss(["user"] + add, standardInput: Data("123456789\n".utf8))
        #expect(short.status == 1 && short.stderr.contains("at least 10 characters") && !short.stderr.contains("123456789"))
        let empty = try oss(["user"] + add, standardInput: Data("\n".utf8))
        #expect(empty.status == 1 && empty.stderr.contains("no password"))
        let eof = try oss(["user"] + add, standardInput: Data())
        #expect(eof.status == 1 && eof.stderr.contains("no password on standard input"))
        let withoutFlag = try oss(["user"] + add.dropLast(), standardInput: Data((secret + "\n").utf8))
        #expect(withoutFlag.status != 0 && withoutFlag.stderr.contains("--password-stdin"))
        #expect(!FileManager.default.fileExists(atPath: journal), "a refused add creates no journal")
        // Only the newline is stripped: the password is the rest of the line, spaces included.
        let padded = try oss(["user"] + add, standardInput: Data(" 123456789\r\n".utf8))
        #expect(padded.status == 0, "\(padded.stderr)")
    }

    @Test func refusesHostileNamesAndRoles() throws {
        for name in ["Anna", "a", "anna'; DROP TABLE accounts; --", "ännä", "аnna", String(repeating: "a", count: 33),
                     "anna\u{1B}[2J", "-anna", ""] {
            let run = try user("add", "--journal", journal, "--name", name, "--role", "admin", "--password-stdin", password: secret)
            #expect(run.status != 0 && run.isClean, "\(name): \(run.stderr)")
            #expect(!run.stderr.contains("SQL") && !run.stderr.contains("\u{1B}"), "\(name): \(run.stderr)")
        }
        let role = try user("add", "--journal", journal, "--name", "anna", "--role", "root", "--password-stdin", password: secret)
        #expect(role.status == 64 && role.stderr.contains("supervisor, assessor or admin"))
        #expect(!FileManager.default.fileExists(atPath: journal))
    }

    @Test func storesACost12BcryptHash() throws {
        #expect(try user("add", "--journal", journal, "--name", "anna", "--role", "assessor", "--password-stdin", password: secret).status == 0)
        let bytes = String(decoding: journalBytes(), as: UTF8.self)
        let start = try #require(bytes.range(of: "$2b$"))
        let cost = Int(bytes[start.upperBound...].prefix(2))
        #expect(cost.map { $0 >= 10 } == true, "cost \(String(describing: cost))")
        #expect(cost == 12)
    }
}

extension UserCommandTests {
    @Test func readsOnlyABoundedLineOfValidUTF8() throws {
        let add = ["user", "add", "--journal", journal, "--name", "anna", "--role", "admin", "--password-stdin"]
        let endless = try oss(add, standardInput: Data(repeating: UInt8(ascii: "x"), count: 100_000))
        #expect(endless.status == 1 && endless.stderr.contains("longer than 4096 bytes"), "\(endless.stderr)")
        let long = try oss(add, standardInput: Data((String(repeating: "y", count: 73) + "\n").utf8))
        #expect(long.status == 1 && long.stderr.contains("at most 72 bytes"), "\(long.stderr)")
        let latin1 = try oss(add, standardInput: Data([0x70, 0x61, 0x73, 0x73, 0xE9, 0x77, 0x6F, 0x72, 0x64, 0x31, 0x32, 0x0A]))
        #expect(latin1.status == 1 && latin1.stderr.contains("not UTF-8"), "\(latin1.stderr)")
        let nul = try oss(add, standardInput: Data("0123456789\u{0}abc\n".utf8))
        #expect(nul.status == 1 && nul.stderr.contains("NUL"), "\(nul.stderr)")
        #expect(!FileManager.default.fileExists(atPath: journal))
        // A last line without a newline is still the password; nothing after the first line is read.
        let unterminated = try oss(add, standardInput: Data("no-newline-here".utf8))
        #expect(unterminated.status == 0, "\(unterminated.stderr)")
    }
}
