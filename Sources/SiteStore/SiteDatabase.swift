import Foundation
import LinuxSystem
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// One connection to the site database. Every failure arrives as a
/// `SiteError` in oss's words; the server's text and the SQL never do.
public final class SiteDatabase: Sendable {
    public let connection: PostgresConnection
    public let address: SiteAddress
    public let logger: Logger

    private init(connection: PostgresConnection, address: SiteAddress, logger: Logger) {
        self.connection = connection
        self.address = address
        self.logger = logger
    }

    /// Connects and logs in, with the password from PGPASSWORD or the
    /// password file. Gives up after the address's connect_timeout (at most
    /// 30 s), also when the server is silent.
    public static func connect(to address: SiteAddress,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               logger: Logger = Logger(label: "oss.site")) async throws(SiteError) -> SiteDatabase {
        let configuration = try address.configuration(password: PasswordFile.password(for: address, environment: environment))
        let timeout = Duration.seconds(address.connectTimeout)
        let attempt = Task { () async throws -> PostgresConnection in
            try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                 configuration: configuration, id: 1, logger: logger)
        }
        // postgres-nio keeps the timeout itself; this watch is for a name lookup that hangs.
        let watch = Task {
            try await Task.sleep(for: timeout + .seconds(1))
            attempt.cancel()
        }
        defer { watch.cancel() }
        do {
            let connection = try await withTaskCancellationHandler {
                try await attempt.value
            } onCancel: {
                attempt.cancel()
            }
            return SiteDatabase(connection: connection, address: address, logger: logger)
        } catch {
            throw ConnectFailure(error, address: address).siteError
        }
    }

    /// Runs `body` on the connection; whatever it throws becomes a
    /// SiteError (a SiteError passes through). `what` says what was tried
    /// ("store cycles") for the message.
    public func run<T>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws(SiteError) -> T {
        do {
            return try await body(connection)
        } catch {
            throw Self.siteError(error, doing: what)
        }
    }

    /// BEGIN, `body`, COMMIT; ROLLBACK when `body` throws. Only a COMMIT the
    /// server answered with COMMIT is success: when its answer is lost the
    /// batch is unconfirmed and this throws `.lost`. When the whole takes
    /// longer than `deadline`, this throws `.lost` and closes the connection.
    ///
    /// The deadline does not rely on the work noticing: a server stopped in
    /// the middle of a COPY can leave postgres-nio waiting for an answer that
    /// never comes, even after the connection is closed. So the work runs as
    /// a task of its own that this call stops waiting for; a task stuck that
    /// way is abandoned with its (closed) connection.
    public func transaction<T>(_ what: String, deadline: Duration = .seconds(25),
                               _ body: @escaping (PostgresConnection) async throws -> T) async throws(SiteError) -> T {
        let race = DeadlineRace<T>()
        let work = UncheckedBody(body: body)
        let worker = Task { [self] in
            do { race.finish(.success(try await self.unguardedTransaction(what, work.body))) } catch { race.finish(.failure(error)) }
        }
        let watch = Task { [connection] in
            do { try await Task.sleep(for: deadline) } catch { return }
            let message = "no answer within \(deadline.components.seconds) s while trying to \(what); the connection was closed"
            if race.finish(.failure(SiteError.lost(message))) {
                worker.cancel()
                // Not awaited: closing is what unblocks the server's side, not this call.
                Task { try? await connection.close() }
            }
        }
        defer { watch.cancel() }
        switch await race.outcome() {
        case .success(let value): return value.value
        case .failure(let error as SiteError): throw error
        case .failure(let error): throw Self.siteError(error, doing: what)
        }
    }

    private func unguardedTransaction<T>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            try await connection.query("BEGIN", logger: logger)
        } catch {
            throw Self.siteError(error, doing: what)
        }
        let result: T
        do {
            result = try await body(connection)
        } catch {
            let mapped = Self.siteError(error, doing: what)
            if case .lost = mapped {} else { _ = try? await connection.query("ROLLBACK", logger: logger) }
            throw mapped
        }
        let answer: PostgresQueryResult
        do {
            answer = try await connection.query("COMMIT").get()
        } catch {
            switch Self.siteError(error, doing: what) {
            case .refused(let text): throw SiteError.refused(text)
            default:
                throw SiteError.lost("the answer to COMMIT was lost while trying to \(what); whether it was stored is unknown")
            }
        }
        guard answer.metadata.command == "COMMIT" else {
            throw SiteError.refused("\(what): a statement had failed, so the server rolled the transaction back")
        }
        return result
    }

    public func close() async {
        try? await connection.close()
    }

    /// The work's closure, handed to the task that runs it while the caller waits.
    private struct UncheckedBody<T>: @unchecked Sendable {
        let body: (PostgresConnection) async throws -> T
    }

    /// Whichever comes first, the work's result or the deadline, is the
    /// answer; the other is dropped.
    private final class DeadlineRace<T>: @unchecked Sendable {
        struct Value: @unchecked Sendable { let value: T }
        private let state = Mutex<(result: Result<Value, any Error>?, waiter: CheckedContinuation<Result<Value, any Error>, Never>?)>((nil, nil))

        /// True when this was the first answer.
        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            let mapped = result.map { Value(value: $0) }
            let waiter: CheckedContinuation<Result<Value, any Error>, Never>?? = state.withLock { state in
                guard state.result == nil else { return .none }
                state.result = mapped
                defer { state.waiter = nil }
                return .some(state.waiter)
            }
            guard let waiter else { return false }
            waiter?.resume(returning: mapped)
            return true
        }

        func outcome() async -> Result<Value, any Error> {
            await withCheckedContinuation { continuation in
                let ready: Result<Value, any Error>? = state.withLock { state in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    // MARK: Errors in our words

    /// A failure on an open connection: lost (the connection went) or
    /// refused (the server said no to a statement; its SQLSTATE code, never
    /// its text).
    static func siteError(_ error: any Error, doing what: String) -> SiteError {
        switch error {
        case let error as SiteError:
            return error
        case is CancellationError:
            return .lost("cancelled while trying to \(what)")
        case let error as PSQLError:
            switch error.code {
            case .server:
                let code = error.serverInfo?[.sqlState] ?? "?????"
                if code.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(code) {
                    return .lost("the server ended the connection while trying to \(what) (SQLSTATE \(code))")
                }
                return .refused("\(what) (SQLSTATE \(code)\(ServerCode.meaning(code).map { ": \($0)" } ?? ""))")
            case .tooManyParameters:
                return .refused("\(what): too many values in one statement")
            case .queryCancelled:
                return .lost("the statement was cancelled while trying to \(what)")
            case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .connectionError:
                return .lost("the connection closed while trying to \(what)")
            default:
                return .lost("the server's answer could not be understood while trying to \(what)")
            }
        case is ChannelError, is IOError:
            // A closed channel, a broken pipe mid-COPY: the transport failed,
            // and nothing of the batch counts as stored.
            return .lost("the connection failed while trying to \(what)")
        default:
            return .refused(what)
        }
    }
}

/// The SQLSTATE classes worth a word in a message.
enum ServerCode {
    static func meaning(_ code: String) -> String? {
        switch code {
        case "42501": return "permission denied"
        case "40001": return "serialization failure, try again"
        case "40P01": return "deadlock, try again"
        case "57014": return "statement cancelled or timed out"
        case "25P02": return "an earlier statement in the transaction failed"
        default: break
        }
        switch code.prefix(2) {
        case "23": return "a constraint was violated"
        case "22": return "a value was not accepted"
        case "42": return "the statement does not fit the database's schema"
        case "53": return "the server lacks resources (disk, memory or connections)"
        case "54": return "a limit of the server was exceeded"
        default: return nil
        }
    }
}

/// Why a connection attempt failed, in our words.
struct ConnectFailure {
    let siteError: SiteError

    init(_ error: any Error, address: SiteAddress) {
        let place = address.description
        func unreachable(_ reason: String) -> SiteError { .unreachable("\(place): \(reason)") }
        switch error {
        case let error as SiteError:
            siteError = error
        case is CancellationError:
            siteError = unreachable("no answer within \(address.connectTimeout) s")
        case let error as PSQLError:
            switch error.code {
            case .server:
                let code = error.serverInfo?[.sqlState] ?? "?????"
                switch code {
                case "28P01":
                    siteError = .loginRefused("\(place): wrong password for user '\(SiteAddress.shown(address.user))' (PGPASSWORD or ~/.pgpass)")
                case "3D000":
                    siteError = .loginRefused("\(place): database '\(SiteAddress.shown(address.database))' does not exist")
                case "57P03":
                    siteError = unreachable("the server is starting up or shutting down")
                case "53300":
                    siteError = unreachable("the server has too many connections")
                case let code where code.hasPrefix("28"):
                    siteError = .loginRefused("\(place): user '\(SiteAddress.shown(address.user))' may not log in (missing role or not allowed by pg_hba.conf; SQLSTATE \(code))")
                default:
                    siteError = .loginRefused("\(place): the server refused the login (SQLSTATE \(code))")
                }
            case .authMechanismRequiresPassword:
                siteError = .loginRefused("\(place): the server asks for a password: set PGPASSWORD or add a line to ~/.pgpass")
            case .unsupportedAuthMechanism:
                siteError = .loginRefused("\(place): the server asks for a login method oss does not support (use scram-sha-256 or md5)")
            case .saslError:
                siteError = .loginRefused("\(place): the password login (SCRAM) failed")
            case .sslUnsupported:
                siteError = unreachable("TLS failed: the server does not offer TLS (sslmode=\(address.sslMode.rawValue))")
            case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
                siteError = unreachable("TLS failed: the TLS setup did not complete")
            case .connectionError:
                siteError = unreachable(error.underlying.map { Self.reason($0, address: address) } ?? "the connection failed")
            case .serverClosedConnection, .uncleanShutdown:
                siteError = unreachable("the server closed the connection during the login")
            default:
                siteError = unreachable("the server's answer could not be understood (is it PostgreSQL?)")
            }
        default:
            siteError = unreachable(Self.reason(error, address: address))
        }
    }

    /// A network or TLS failure below postgres-nio.
    static func reason(_ error: any Error, address: SiteAddress) -> String {
        switch error {
        case let error as ChannelError:
            if case .connectTimeout = error { return "no answer within \(address.connectTimeout) s" }
            return "the connection failed"
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return reason(first.error, address: address) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "no such host" }
            return "no such host"
        case let error as IOError:
            return errnoReason(error.errnoCode)
        case let error as SocketAddressError:
            if case .unixDomainSocketPathTooLong = error { return "the socket path is too long" }
            return "no such host"
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "TLS failed: the server's certificate does not name this host"
        case let error as NIOSSLError:
            if case .handshakeFailed(let inner) = error, String(describing: inner).contains("CERTIFICATE_VERIFY_FAILED") {
                return "TLS failed: the server's certificate is not trusted"
            }
            return "TLS failed: the handshake did not succeed"
        case is BoringSSLError:
            return "TLS failed: the handshake did not succeed"
        default:
            return "the connection failed"
        }
    }

    static func errnoReason(_ code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection refused (is the server running and listening there?)"
        case ENOENT: "no server socket there (is the server running?)"
        case ETIMEDOUT: "timed out"
        case EHOSTUNREACH: "no route to the host"
        case ENETUNREACH: "the network is unreachable"
        case EACCES, EPERM: "permission denied"
        case ECONNRESET: "the server reset the connection"
        default: SystemError.reason(code).lowercased()
        }
    }
}
