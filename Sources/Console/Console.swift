import Hummingbird
import HummingbirdAuth
import HummingbirdCore
import HummingbirdTLS
import LinuxSystem
import Logging
import NIOCore
import NIOSSL
import Operations

/// The web console (`oss serve`): one workshop's data behind sessions,
/// the role gate and the JSON API and pages of docs/console.md.
public final class Console: Sendable {
    /// Sessions end 8 hours after login (a working day), whatever happens.
    static let sessionLifetime: Duration = .seconds(8 * 3600)
    static let sessionCookie = "oss_session"

    let workshop: any Workshop
    let settings: ConsoleSettings
    let clock: any StationClock
    let sessions: SessionStorage<ConsoleSession>
    let throttle: ThrottleKeeper
    let pages: Pages
    let liveStreams: StreamCounter

    public init(workshop: any Workshop, settings: ConsoleSettings, clock: any StationClock = SystemClock.shared) {
        self.workshop = workshop
        self.settings = settings
        self.clock = clock
        sessions = SessionStorage(
            MemoryPersistDriver(),
            sessionCookieParameters: .init(name: Self.sessionCookie, path: "/", secure: settings.secureCookies, sameSite: .strict))
        throttle = ThrottleKeeper(clock: clock)
        pages = Pages()
        liveStreams = StreamCounter(limit: 64)
    }

    /// The router with every route and the security headers.
    public func router() -> Router<ConsoleContext> {
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: SecurityHeaders(pages: pages, https: settings.secureCookies))
        for route in routes() {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await self.gate(route, request, context)
            }
        }
        return router
    }

    /// Serves until SIGINT or SIGTERM; `onListening` gets the URL once connections are accepted.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "oss.console")
        logger.logLevel = .warning
        let server: HTTPServerBuilder
        if let tls = settings.tls {
            let certificates: [NIOSSLCertificateSource], key: NIOSSLPrivateKey
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(tls.certificate).map { .certificate($0) }
            } catch {
                throw StartFailure.tlsFile(tls.certificate, what: "certificate")
            }
            guard !certificates.isEmpty else { throw StartFailure.tlsFile(tls.certificate, what: "certificate") }
            do { key = try NIOSSLPrivateKey(file: tls.key, format: .pem) } catch { throw StartFailure.tlsFile(tls.key, what: "private key") }
            server = try .tls(.http1(), tlsConfiguration: .makeServerConfiguration(certificateChain: certificates, privateKey: .privateKey(key)))
        } else {
            server = .http1()
        }
        let settings = self.settings
        let application = Application(
            router: router(),
            server: server,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in onListening(settings.url(port: channel.localAddress?.port)) },
            logger: logger)
        do {
            try await application.runService()
        } catch let error as IOError {
            // Binding the address is the one system call here that people cause (a port in use, an address
            // this machine lacks): say it with the system's words for the errno, not NIO's dump.
            throw StartFailure.listen(settings.url(), reason: SystemError.reason(error.errnoCode))
        }
    }
}

/// Why the console could not start, in our words.
public enum StartFailure: Error, CustomStringConvertible {
    case tlsFile(String, what: String)
    case listen(String, reason: String)

    public var description: String {
        switch self {
        case let .tlsFile(path, what): "the TLS \(what) \(path) could not be read as PEM"
        case let .listen(url, reason): "cannot listen on \(url): \(reason)"
        }
    }
}

/// The login throttle, shared by all requests.
actor ThrottleKeeper {
    private var throttle = LoginThrottle()
    private let clock: any StationClock

    init(clock: any StationClock) { self.clock = clock }

    func allows(_ name: String) -> Bool { throttle.allows(name, at: clock.monotonicMicros()) }
    func failed(_ name: String) { throttle.recordFailure(name, at: clock.monotonicMicros()) }
    func succeeded(_ name: String) { throttle.recordSuccess(name) }
}

/// How many live streams (server-sent events) are open: each holds a
/// connection and polls the journal, so their number is bounded.
actor StreamCounter {
    private var open = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func enter() -> Bool {
        guard open < limit else { return false }
        open += 1
        return true
    }

    func leave() { open -= 1 }
}
