import ArgumentParser
import Operations
import SiteStore

/// Where `oss user` keeps the accounts: a station's journal (`--journal`,
/// by default oss.db) or the site database (`--postgres`), for `oss serve
/// --postgres`. `user add` may be the first thing done to a new site
/// database: it creates the site's tables then (as `oss sync` would); the
/// other subcommands need them already.
func withAccounts<T>(journal: String?, postgres: String?, creating: Bool = false, _ body: (Accounts) throws -> T) throws -> T {
    guard let postgres else {
        let path = journal ?? "oss.db"
        return try body(Accounts(journal: creating ? try openJournal(path) : try openExistingJournal(path)))
    }
    let connection = SiteConnection(address: try siteAddress(postgres), schema: creating ? .bringUpToDate : .requireUpToDate,
                                    logger: siteLogger("oss.user"))
    defer { connection.close() }
    return try body(Accounts(store: CentralAccounts(connection: connection)))
}

/// Accounts live in one place: a journal or the site database, not both.
func requireOnePlace(journal: String?, postgres: String?) throws {
    if journal != nil && postgres != nil { throw ValidationError("give --journal or --postgres, not both") }
}
