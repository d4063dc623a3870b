import GRDB
import GRDBSQLite

/// Everything the journal can fail with, in words for the person at the
/// station: each names the journal file and says what to do. SQLite's own
/// messages (which can quote SQL) never reach the user; `init(_:path:)` is
/// the one place they are translated.
public enum JournalError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case cannotOpen(path: String, reason: String)
    case notSQLite(path: String)
    case notAnOSSJournal(path: String)
    /// `schema` is the journal's version, `known` the newest this build knows.
    case newer(path: String, schema: Int, known: Int)
    case busy(path: String, seconds: Int)
    case diskFull(path: String)
    case readOnly(path: String)
    case damaged(path: String)
    case io(path: String)
    /// A value that cannot be stored as it is, e.g. a NUL inside a worker id.
    case invalidText(path: String, field: String, value: String)
    case invalidLevel(path: String, level: Int)
    /// Some rows of a batch failed; every other row of it is committed.
    case rowsRejected(path: String, failures: [RowFailure])
    case daysOutOfRange(days: Int, maximum: Int)
    /// `oss user add` for a name the journal already has.
    case duplicateAccount(path: String, name: String)
    /// An account change for a name the journal does not have.
    case unknownAccount(path: String, name: String)
    case sqlite(path: String, code: Int32, text: String)
    /// A purge would delete cycles the site's centre has not confirmed.
    case unsentCycles(path: String, count: Int)

    /// One row of a batch that could not be stored, and why.
    public struct RowFailure: Equatable, Sendable, CustomStringConvertible {
        /// E.g. `cycle 3 of W042 on lamp` or `login of W042`.
        public var row: String
        public var reason: String
        public var description: String { "\(row): \(reason)" }
    }

    public var description: String {
        switch self {
        case let .missing(path): "journal \(path) does not exist"
        case let .cannotOpen(path, reason): "cannot open journal \(path): \(reason)"
        case let .notSQLite(path): "journal \(path) is not an oss journal (not an SQLite database); check the --journal path"
        case let .notAnOSSJournal(path):
            "journal \(path) is an SQLite database but not an oss journal; check the --journal path"
        case let .newer(path, schema, known):
            "journal \(path) was written by a newer oss (schema v\(schema)); this oss knows up to v\(known); upgrade oss"
        case let .busy(path, seconds):
            "journal \(path) is busy: another program held it locked for more than \(seconds) s; try again"
        case let .diskFull(path): "disk full writing journal \(path); free space and try again"
        case let .readOnly(path): "journal \(path) cannot be written (read-only file or folder); check its permissions"
        case let .damaged(path): "journal \(path) is damaged; restore it from a backup"
        case let .io(path): "input/output error on journal \(path); check the disk"
        case let .invalidText(path, field, value):
            "journal \(path): \(field) \(Self.quoted(value)) contains a NUL character and is not stored"
        case let .invalidLevel(path, level): "journal \(path): level \(level) is not 1, 2 or 3"
        case let .rowsRejected(path, failures):
            "journal \(path): \(failures.count) record\(failures.count == 1 ? "" : "s") not stored (the others are): "
                + failures.map(\.description).joined(separator: "; ")
        case let .daysOutOfRange(days, maximum):
            "\(days) days reaches back before the year 1; give at most \(maximum) days"
        case let .duplicateAccount(path, name): "journal \(path) already has an account \(Self.quoted(name))"
        case let .unknownAccount(path, name): "journal \(path) has no account \(Self.quoted(name))"
        case let .sqlite(path, code, text): "journal \(path): SQLite error \(code) (\(text))"
        case let .unsentCycles(path, count):
            "journal \(path): \(count) cycle\(count == 1 ? "" : "s") to purge \(count == 1 ? "has" : "have") not reached the site yet; "
                + "run oss sync first, or purge with --force-unsent to lose them centrally"
        }
    }

    /// True when no row could succeed either (lock, disk, file), so that a
    /// failed batch is not retried row by row.
    public var concernsTheWholeJournal: Bool {
        switch self {
        case .invalidText, .invalidLevel, .rowsRejected, .duplicateAccount, .unknownAccount, .sqlite, .unsentCycles: false
        default: true
        }
    }

    /// What went wrong with one row, without the journal's path (the
    /// message around it names the journal).
    var rowReason: String {
        switch self {
        case let .invalidText(_, field, value): "\(field) \(Self.quoted(value)) contains a NUL character"
        case let .invalidLevel(_, level): "level \(level) is not 1, 2 or 3"
        case let .sqlite(_, code, text): "SQLite error \(code) (\(text))"
        default: description
        }
    }

    /// Text from outside shown with control characters escaped, so that it
    /// cannot move the terminal's cursor or hide part of the message.
    static func quoted(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "'"
    }

    /// How long a journal waits for another program's lock before `busy`.
    static let busySeconds = 30

    /// Translates any error met while using the journal at `path`.
    init(_ error: any Error, path: String) {
        if let error = error as? JournalError { self = error; return }
        guard let error = error as? DatabaseError else {
            self = .cannotOpen(path: path, reason: "unexpected failure")
            return
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path, seconds: Self.busySeconds)
        case .SQLITE_FULL: self = .diskFull(path: path)
        case .SQLITE_NOTADB: self = .notSQLite(path: path)
        case .SQLITE_CORRUPT: self = .damaged(path: path)
        case .SQLITE_READONLY: self = .readOnly(path: path)
        case .SQLITE_IOERR: self = .io(path: path)
        case .SQLITE_CANTOPEN: self = .cannotOpen(path: path, reason: "the file or its folder cannot be opened")
        case .SQLITE_PERM, .SQLITE_AUTH: self = .cannotOpen(path: path, reason: "permission denied")
        default:
            let code = error.resultCode.rawValue
            self = .sqlite(path: path, code: code, text: String(cString: sqlite3_errstr(code)))
        }
    }
}
