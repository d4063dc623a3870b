import Journal
import Spreadsheet

/// Why an operation was refused or failed. A refused operation (bad input,
/// an unknown worker or product) has written nothing, no audit row either.
/// Descriptions name the field, not a command-line option: the command line
/// and the console each put them in their own words.
public enum OperationError: Error, Equatable, CustomStringConvertible {
    /// What a request field is called in messages.
    public enum Field: String, Sendable {
        case worker, product, since, until, level, reason, name
        /// On whose behalf a level is set.
        case onBehalfOf = "by"
    }

    /// A worker or product id that breaks the badge rule (`InputText`) or starts with `-`.
    case invalidID(Field, String, problem: String)
    /// A `since` or `until` that is not `YYYY-MM-DD` or ISO 8601 UTC.
    case invalidTime(Field, String)
    /// `until` is not after `since`: the period would be empty.
    case emptyPeriod(since: String, until: String)
    case invalidLevel(Int)
    /// A reason must be one line of at most `LevelRequest.reasonLimit` characters.
    case invalidReason
    /// A display name must be 1 to `DisplayNames.nameLimit` characters on one line.
    case invalidName
    case unknownWorker(String, journal: String)
    case unknownProduct(String, journal: String)
    /// Purge: a number of days below 0 or beyond the calendar.
    case daysOutOfRange(days: Int, maximum: Int)
    /// A console account name that breaks `AccountName.rule`.
    case invalidAccountName(String)
    /// No password given (empty, or nothing on standard input).
    case noPassword
    case passwordTooShort(minimum: Int)
    /// bcrypt reads no more than this many bytes; a longer password is refused, not cut.
    case passwordTooLong(maximumBytes: Int)
    case passwordHasNUL
    /// `store` is where accounts are kept (a journal's path).
    case duplicateAccount(String, store: String)
    case unknownAccount(String, store: String)
    /// The journal could not be read or written; its message names the journal.
    case journal(JournalError)
    /// The xlsx workbook could not be made (its temporary files, a cell).
    case spreadsheet(SpreadsheetError)
    /// Any other failure while reading the journal (none is known today).
    case unexpected(journal: String, reason: String)
    /// The site database could not be reached, read or written: the
    /// site's own words (`SiteError`), never the server's text or a secret.
    case site(String)
    /// Something a site does not do centrally (display names, purge,
    /// reports): the text says where it is done instead.
    case notAtSite(String)

    public var description: String {
        switch self {
        case let .invalidID(field, id, problem): "\(field.rawValue) '\(id)' is not a valid id: \(problem)"
        case let .invalidTime(field, text):
            "\(field.rawValue) '\(text)' is not a date or time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"
        case let .emptyPeriod(since, until): "until \(until) is not after since \(since); the period would be empty"
        case let .invalidLevel(level): "level \(level) is not 1 (full), 2 (short) or 3 (minimal)"
        case .invalidReason: "the reason must be one line of at most \(LevelRequest.reasonLimit) characters"
        case .invalidName: "the name must be 1 to \(DisplayNames.nameLimit) characters on one line"
        case let .unknownWorker(worker, journal): "worker \(worker) is not in journal \(journal)"
        case let .unknownProduct(product, journal): "product \(product) is unknown to journal \(journal)"
        case let .daysOutOfRange(days, maximum): JournalError.daysOutOfRange(days: days, maximum: maximum).description
        case let .invalidAccountName(name):
            "account name '\(name)' is not valid: it must be \(AccountName.rule)"
        case .noPassword: "no password given"
        case let .passwordTooShort(minimum): "the password is too short: it must have at least \(minimum) characters"
        case let .passwordTooLong(maximum): "the password is too long: it must have at most \(maximum) bytes (UTF-8)"
        case .passwordHasNUL: "the password contains a NUL character"
        case let .duplicateAccount(name, store): "account \(name) exists already in \(store)"
        case let .unknownAccount(name, store): "there is no account \(name) in \(store)"
        case let .journal(error): error.description
        case let .spreadsheet(error): "xlsx: \(error.description)"
        case let .unexpected(journal, reason): "journal \(journal): \(reason)"
        case let .site(text): text
        case let .notAtSite(text): text
        }
    }
}

extension Journal {
    /// Runs a journal call; its failure becomes an `OperationError`.
    func answer<T>(_ body: () throws(JournalError) -> T) throws(OperationError) -> T {
        do { return try body() } catch { throw .journal(error) }
    }
}
