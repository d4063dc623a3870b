import ArgumentParser
import Foundation
import Journal
import LinuxSystem
import Operations

/// `oss user`: the console's accounts (docs/console.md, "Accounts").
struct User: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Console accounts: add, change a password, remove, list (admins).",
        discussion: """
            There is no account until one is added. Passwords are read from standard input, one line, \
            at least \(Password.minimumLength) characters, and kept only as a bcrypt hash (cost \(Accounts.hashCost)). \
            Roles: supervisor (see, set levels), assessor (see, export, reports, audit), admin (everything, \
            accounts, display names, purge).
            """,
        subcommands: [Add.self, Passwd.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account with a role; its password comes from standard input.",
            discussion: "Creates the journal (mode 0600) when it does not exist yet.")
        @Option(help: "The SQLite journal (default: oss.db).") var journal: String?
    @Option(help: "The site's PostgreSQL database (URL without a password) instead of a journal.") var postgres: String?
        @Option(help: "Account name: a-z first, then a-z, 0-9, '.', '_' or '-'; 2 to 32 characters.") var name: String
        @Option(help: "supervisor, assessor or admin.") var role: String
        @Flag(help: "Read the password from standard input (one line).") var passwordStdin = false

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be supervisor, assessor or admin") }
            try requirePasswordStdin(passwordStdin)
            try requireOnePlace(journal: journal, postgres: postgres)
        }

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be supervisor, assessor or admin") }
            let accountName = try operation { () throws(OperationError) in try AccountName(name) }
            let password = try readPassword()
            try withAccounts(journal: journal, postgres: postgres, creating: true) { accounts in
                try operation { () throws(OperationError) in
                    try accounts.add(accountName, role: role, password: password, by: commandLineActor)
                }
            }
            say("Account \(accountName) added (\(role.rawValue))")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an account a new password, from standard input.")
        @Option(help: "The SQLite journal (default: oss.db).") var journal: String?
    @Option(help: "The site's PostgreSQL database (URL without a password) instead of a journal.") var postgres: String?
        @Option(help: "Account name.") var name: String
        @Flag(help: "Read the password from standard input (one line).") var passwordStdin = false

        func validate() throws {
            try requirePasswordStdin(passwordStdin)
            try requireOnePlace(journal: journal, postgres: postgres)
        }

        func run() throws {
            let accountName = try operation { () throws(OperationError) in try AccountName(name) }
            let password = try readPassword()
            try withAccounts(journal: journal, postgres: postgres) { accounts in
                try operation { () throws(OperationError) in
                    try accounts.changePassword(of: accountName, to: password, by: commandLineActor)
                }
            }
            say("Password of \(accountName) changed")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account.")
        @Option(help: "The SQLite journal (default: oss.db).") var journal: String?
    @Option(help: "The site's PostgreSQL database (URL without a password) instead of a journal.") var postgres: String?
        @Option(help: "Account name.") var name: String

        func validate() throws { try requireOnePlace(journal: journal, postgres: postgres) }

        func run() throws {
            let accountName = try operation { () throws(OperationError) in try AccountName(name) }
            try withAccounts(journal: journal, postgres: postgres) { accounts in
                try operation { () throws(OperationError) in try accounts.remove(accountName, by: commandLineActor) }
            }
            say("Account \(accountName) removed")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts: name and role.")
        @Option(help: "The SQLite journal (default: oss.db).") var journal: String?
    @Option(help: "The site's PostgreSQL database (URL without a password) instead of a journal.") var postgres: String?

        func validate() throws { try requireOnePlace(journal: journal, postgres: postgres) }

        func run() throws {
            let accounts = try withAccounts(journal: journal, postgres: postgres) { store in
                try operation { () throws(OperationError) in try store.list() }
            }
            if accounts.isEmpty {
                say("No accounts: add one with `oss user add`.")
                return
            }
            let width = accounts.map(\.name.text.count).max() ?? 0
            for account in accounts {
                say(account.name.text + String(repeating: " ", count: width - account.name.text.count + 2) + account.role.rawValue)
            }
        }
    }
}

/// The contract spells the password's source out on the command line.
private func requirePasswordStdin(_ given: Bool) throws {
    guard given else { throw ValidationError("give --password-stdin and the password on standard input (one line)") }
}

/// One line of standard input, its newline stripped, checked as a new
/// password. It is never printed, not even in a message. At most
/// `passwordLineLimit` bytes are read: `< /dev/zero` cannot fill the memory.
private func readPassword() throws -> Password {
    if ProcessFacts.standardInputIsTerminal { OSS.complain("Password (not shown): ") }
    let line = try TerminalEcho.withoutEcho { try readLineOfStandardInput(limit: passwordLineLimit) }
    guard let line else { throw CommandFailure("error: no password on standard input; give it there on one line") }
    guard let text = String(validating: line, as: UTF8.self) else {
        throw CommandFailure("error: the password on standard input is not UTF-8 text")
    }
    return try operation { () throws(OperationError) in try Password(text) }
}

/// Far above any password bcrypt reads (72 bytes), so that a too long one gets its own message.
private let passwordLineLimit = 4096

/// The bytes of one line, without `\n` or `\r\n`; nil at the end of input
/// before any byte. Reads byte by byte, so nothing after the line is consumed.
private func readLineOfStandardInput(limit: Int) throws -> [UInt8]? {
    var line: [UInt8] = []
    while true {
        let chunk: Data?
        do { chunk = try FileHandle.standardInput.read(upToCount: 1) } catch {
            throw CommandFailure("error: cannot read the password from standard input")
        }
        guard let byte = chunk?.first else { return line.isEmpty ? nil : line }
        if byte == UInt8(ascii: "\n") { break }
        guard line.count < limit else {
            throw CommandFailure("error: the line on standard input is longer than \(limit) bytes; a password has at most 72")
        }
        line.append(byte)
    }
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    return line
}
