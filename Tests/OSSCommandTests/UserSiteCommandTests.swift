import Benchmarks
import Foundation
import Testing
import TestSupport

/// `oss user ... --postgres`: the site console's accounts in the site
/// database, with the same rules as in a journal, each change audited there.
@Suite("oss user --postgres", .serialized)
struct UserSiteCommandTests {
    let secret = "Fiets-lamp-2026!"

    func user(_ arguments: String..., password: String? = nil) throws -> Run {
        try oss(["user"] + arguments, standardInput: password.map { Data(($0 + "\n").utf8) })
    }

    @Test func addListPasswdRemoveAndRefusals() throws {
        let server = try ScratchPostgres()
        let url = server.url
        // Before the site has tables, only `add` makes them.
        let early = try user("list", "--postgres", url)
        #expect(early.status == 1 && early.stderr.contains("run oss sync"), "\(early.stderr)")
        let added = try user("add", "--postgres", url, "--name", "anna.admin", "--role", "admin", "--password-stdin", password: secret)
        #expect(added.status == 0 && added.stdout == "Account anna.admin added (admin)\n", "\(added.stderr)")
        #expect(try user("add", "--postgres", url, "--name", "piet", "--role", "supervisor", "--password-stdin",
                         password: "0123456789").status == 0)
        let listed = try user("list", "--postgres", url)
        #expect(listed.status == 0 && listed.stdout == "anna.admin  admin\npiet        supervisor\n", "\(listed.stderr)")

        let again = try user("add", "--postgres", url, "--name", "piet", "--role", "assessor", "--password-stdin", password: secret)
        #expect(again.status == 1 && again.stderr.contains("account piet exists already"), "\(again.stderr)")
        let short = try user("add", "--postgres", url, "--name", "kees", "--role", "admin", "--password-stdin", password: "123456789")
        #expect(short.status == 1 && short.stderr.contains("at least 10 characters") && !short.stderr.contains("123456789"))

        let before = try server.psql("SELECT password_hash FROM accounts WHERE name = 'piet'")
        #expect(before.hasPrefix("$2b$12$"), "bcrypt, cost 12")
        let changed = try user("passwd", "--postgres", url, "--name", "piet", "--password-stdin", password: "9876543210")
        #expect(changed.status == 0 && changed.stdout == "Password of piet changed\n", "\(changed.stderr)")
        #expect(try server.psql("SELECT password_hash FROM accounts WHERE name = 'piet'") != before)
        let ghost = try user("passwd", "--postgres", url, "--name", "ghost", "--password-stdin", password: secret)
        #expect(ghost.status == 1 && ghost.stderr.contains("no account ghost"))
        let removed = try user("remove", "--postgres", url, "--name", "piet")
        #expect(removed.status == 0 && removed.stdout == "Account piet removed\n", "\(removed.stderr)")
        #expect(try user("remove", "--postgres", url, "--name", "piet").stderr.contains("no account piet"))
        #expect(try user("list", "--postgres", url).stdout == "anna.admin  admin\n")

        let audit = try server.psql("SELECT details FROM audit WHERE journal IS NULL AND action = 'account' ORDER BY id")
        #expect(audit == "add name=anna.admin role=admin\nadd name=piet role=supervisor\npasswd name=piet\nremove name=piet",
                "one audit row per change, none for refusals: \(audit)")
        let everything = try server.psql("SELECT string_agg(details || by, ' ') FROM audit")
        for text in [secret, "0123456789", "9876543210", "$2b$"] { #expect(!everything.contains(text), "\(text)") }

        let both = try user("list", "--postgres", url, "--journal", "/tmp/x.db")
        #expect(both.status == 64 && both.stderr.contains("not both"))
        let withPassword = try user("list", "--postgres", "postgresql://u:secret@localhost/site")
        #expect(withPassword.status != 0 && !withPassword.stderr.contains("secret"), "\(withPassword.stderr)")
    }
}
