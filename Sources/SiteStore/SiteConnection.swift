import Dispatch
import Foundation
import Logging
import Operations

/// Runs async site work from a synchronous caller and waits for it. The
/// caller must be a thread of its own (a command's main thread, NIO's thread
/// pool as the console's `Blocking.run` uses, a test's `Thread`), never a
/// Swift-concurrency cooperative thread: blocking one of those can starve
/// the very task it waits for.
public enum SiteWaiting {
    public static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Outcome<T>()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            finished.signal()
        }
        finished.wait()
        return try box.result!.get()
    }

    /// Written by the task before it signals, read by the waiter after.
    private final class Outcome<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}

/// One connection to the site database shared by synchronous callers (the
/// site console's workshop, `oss user --postgres`): opened at the first
/// call, its schema checked then, used by one call at a time (a
/// transaction must not interleave with another request's statements), and
/// opened again after it was lost.
public final class SiteConnection: @unchecked Sendable {
    /// What is done to the schema when the connection opens.
    public enum Schema: Sendable {
        /// Readers and the console: the schema must be this build's (`oss sync` makes it).
        case requireUpToDate
        /// `oss user add` may be the first thing done to a new site database.
        case bringUpToDate
    }

    public let address: SiteAddress
    public let logger: Logger
    let schema: Schema
    let environment: [String: String]
    private let lock = NSLock()
    private var database: SiteDatabase?

    public init(address: SiteAddress, schema: Schema = .requireUpToDate, logger: Logger = Logger(label: "oss.site"),
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.address = address
        self.schema = schema
        self.logger = logger
        self.environment = environment
    }

    /// Runs `body` on the connection, opening it first if need be, and
    /// waits for it (see `SiteWaiting`). A failure arrives as a `SiteError`
    /// or as the `OperationError` that `body` threw; a lost connection is
    /// dropped, so that the next call opens a new one.
    public func wait<T: Sendable>(_ body: @escaping @Sendable (SiteDatabase) async throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let current = database
        let (address, schema, logger, environment) = (self.address, self.schema, self.logger, self.environment)
        let opened = try SiteWaiting.wait { () async throws -> SiteDatabase in
            if let current, !current.connection.isClosed { return current }
            if let current { await current.close() }
            let database = try await SiteDatabase.connect(to: address, environment: environment, logger: logger)
            do {
                switch schema {
                case .requireUpToDate: try await CentralSchema.requireUpToDate(database)
                case .bringUpToDate: try await CentralSchema.bringUpToDate(database)
                }
            } catch {
                await database.close()
                throw error
            }
            return database
        }
        database = opened
        do {
            return try SiteWaiting.wait { try await body(opened) }
        } catch let error as SiteError {
            if case .lost = error {
                database = nil
                _ = try? SiteWaiting.wait { await opened.close() }
            }
            throw error
        }
    }

    /// `wait` for an operation: its own refusal (an `OperationError` that
    /// `body` threw) passes; a site failure becomes `.site`, in our words.
    public func operation<T: Sendable>(_ what: String,
                                       _ body: @escaping @Sendable (SiteDatabase) async throws -> T) throws(OperationError) -> T {
        do {
            return try wait(body)
        } catch let error as OperationError {
            throw error
        } catch let error as SiteError {
            throw .site(error.description)
        } catch {
            throw .site("the site database \(address): cannot \(what)")
        }
    }

    /// Closes the connection, if open, and waits for it: like `wait`,
    /// never from a cooperative thread (an async test closes from a `Thread`).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        if let database {
            _ = try? SiteWaiting.wait { await database.close() }
        }
        database = nil
    }
}
