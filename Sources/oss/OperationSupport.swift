import Journal
import Operations

/// How the command line calls the operations (Sources/Operations): the
/// actor is the operating-system account running oss, and a refused or
/// failed operation becomes a message in the command line's words.

/// Who acts on the command line (see `Actor.processOwner`).
let commandLineActor = Actor.processOwner()

/// Runs an operation; its error becomes a `CommandFailure`. `message` may
/// word an error for this command (an unknown worker or product); any other
/// gets the wording of `message(for:)`.
func operation<T>(_ body: () throws(OperationError) -> T,
                  message special: (OperationError) -> String? = { _ in nil }) throws -> T {
    do { return try body() } catch {
        throw CommandFailure(special(error) ?? message(for: error))
    }
}

/// An operation's error in the command line's words: fields are named as options.
func message(for error: OperationError) -> String {
    switch error {
    case let .invalidID(field, id, problem): "error: --\(field.rawValue) '\(Terminal.safe(id))' is not a valid id: \(problem)"
    case let .invalidTime(field, text):
        "error: --\(field.rawValue) '\(text)' is not a date or time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"
    case let .emptyPeriod(since, until): "error: --until \(until) is not after --since \(since); the period would be empty"
    case .invalidLevel: "error: LEVEL must be 1 (full), 2 (short) or 3 (minimal)"
    case .invalidReason: "error: --reason must be one line of at most \(LevelRequest.reasonLimit) characters"
    case .invalidName: "error: --name must be 1 to \(DisplayNames.nameLimit) characters on one line"
    case let .daysOutOfRange(days, _): "error: --older-than \(days): \(error.description)"
    case let .spreadsheet(failure): "error: cannot write the xlsx export: \(failure.description)"
    case let .invalidAccountName(name):
        "error: --name '\(Terminal.safe(name))' is not a valid account name: it must be \(AccountName.rule)"
    case .noPassword: "error: no password on standard input; give it there on one line"
    case .unknownWorker, .unknownProduct, .duplicateAccount, .unknownAccount, .passwordTooShort, .passwordTooLong, .passwordHasNUL,
         .journal, .unexpected, .site, .notAtSite: "error: \(error.description)"
    }
}

/// Runs a journal query; its failure becomes a message naming the journal.
func journalAnswer<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let failure as CommandFailure { throw failure } catch let error as JournalError {
        throw CommandFailure("error: \(describe(error))")   // it names the journal itself
    } catch {
        throw CommandFailure("error: journal \(path): \(describe(error))")
    }
}
