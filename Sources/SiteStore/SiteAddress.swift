import Foundation
import LinuxSystem
import NIOSSL
import PostgresNIO

/// Where the site database is: a `postgres://` or `postgresql://` URL read
/// the way libpq reads it, without a password (that comes from PGPASSWORD or
/// ~/.pgpass, so it never shows in a process list).
///
///     postgres://oss@db.example:5432/site?sslmode=verify-full
///     postgres://oss@%2Fvar%2Frun%2Fpostgresql/site
///     postgresql:///site?host=/tmp/pg&port=5433
///
/// What the URL leaves out comes from PGHOST, PGPORT, PGUSER, PGDATABASE,
/// PGSSLMODE, PGSSLROOTCERT, PGCONNECT_TIMEOUT and PGAPPNAME, else libpq's
/// defaults: the socket in /var/run/postgresql, port 5432, the login name,
/// a database named like the user, sslmode prefer.
public struct SiteAddress: Sendable, CustomStringConvertible {
    /// How the connection is made.
    public enum Endpoint: Sendable, Equatable {
        /// TCP to a host name or an IP address.
        case tcp(host: String)
        /// The Unix socket `<directory>/.s.PGSQL.<port>`.
        case socket(directory: String)
    }

    /// libpq's sslmode.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public let endpoint: Endpoint
    public let port: Int
    public let user: String
    public let database: String
    public let sslMode: SSLMode
    /// The file of trusted root certificates (sslrootcert), if given.
    public let sslRootCert: String?
    /// Seconds to wait for the connection and login (1 to 30).
    public let connectTimeout: Int
    public let applicationName: String?

    /// libpq's default socket directory on Debian.
    static let defaultSocketDirectory = "/var/run/postgresql"
    /// A sync must fail within 30 s, so no connection attempt waits longer.
    static let longestConnectTimeout = 30
    static let parameters: Set<String> = [
        "sslmode", "sslrootcert", "connect_timeout", "host", "port", "user", "dbname", "application_name",
    ]

    public init(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SiteError) {
        guard !url.isEmpty else { throw .badAddress("the URL is empty") }
        guard url.utf8.count <= 4096 else { throw .badAddress("the URL is longer than 4096 bytes") }
        try Self.refuseControlCharacters(url, in: "the URL")
        guard let rest = ["postgresql://", "postgres://"].lazy.compactMap({ url.hasPrefix($0) ? url.dropFirst($0.count) : nil }).first
        else { throw .badAddress("it must start with postgres:// or postgresql://") }

        // postgres://[user@][host][:port][/database][?name=value&...]
        let (beforeQuery, query) = rest.split(once: "?")
        if beforeQuery.contains("#") { throw .badAddress("a fragment (#...) is not allowed") }
        let (authority, path) = beforeQuery.split(once: "/")
        var parameters: [String: String] = [:]
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            if userInfo.contains(":") {
                throw .badAddress("the URL must not carry a password; use PGPASSWORD or ~/.pgpass")
            }
            if !userInfo.isEmpty { parameters["user"] = try Self.decode(userInfo, "the user name") }
            try Self.readHostPort(authority[authority.index(after: at)...], into: &parameters)
        } else {
            try Self.readHostPort(authority, into: &parameters)
        }
        if let path, !path.isEmpty { parameters["dbname"] = try Self.decode(path, "the database name") }
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let (rawName, rawValue) = pair.split(once: "=")
            let name = try Self.decode(rawName, "a parameter name")
            if name == "password" || name == "passfile" {
                throw .badAddress("the URL must not carry a password; use PGPASSWORD or ~/.pgpass")
            }
            guard Self.parameters.contains(name) else {
                throw .badAddress("unknown parameter '\(Self.shown(name))' (known: \(Self.parameters.sorted().joined(separator: ", ")))")
            }
            guard let rawValue else { throw .badAddress("parameter '\(name)' has no value") }
            parameters[name] = try Self.decode(rawValue, "parameter '\(name)'")
        }
        try self.init(parameters: parameters, environment: environment)
    }

    private init(parameters: [String: String], environment: [String: String]) throws(SiteError) {
        func setting(_ name: String, _ variable: String) -> String? {
            parameters[name] ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let host = setting("host", "PGHOST") ?? Self.defaultSocketDirectory
        if host.contains(",") { throw .badAddress("several hosts are not supported: give one") }
        if host.hasPrefix("/") {
            endpoint = .socket(directory: host)
        } else {
            guard Self.isHostName(host) else { throw .badAddress("'\(Self.shown(host))' is not a host name, an IP address or a socket directory") }
            endpoint = .tcp(host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host)
        }
        let portText = setting("port", "PGPORT") ?? "5432"
        guard portText.utf8.count <= 5, portText.allSatisfy(\.isASCIIDigit), let port = Int(portText), (1...65535).contains(port) else {
            throw .badAddress("port '\(Self.shown(portText))' is not a number from 1 to 65535")
        }
        self.port = port
        guard let user = setting("user", "PGUSER") ?? environment["USER"].flatMap({ $0.isEmpty ? nil : $0 }) ?? Optional(ProcessFacts.account()),
              !user.isEmpty else { throw .badAddress("the user name is empty") }
        self.user = user
        database = setting("dbname", "PGDATABASE") ?? user
        let modeText = setting("sslmode", "PGSSLMODE") ?? SSLMode.prefer.rawValue
        guard let mode = SSLMode(rawValue: modeText) else {
            throw .badAddress("unknown sslmode '\(Self.shown(modeText))' (known: \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        sslMode = mode
        sslRootCert = setting("sslrootcert", "PGSSLROOTCERT")
        let timeoutText = setting("connect_timeout", "PGCONNECT_TIMEOUT") ?? "10"
        guard timeoutText.utf8.count <= 3, timeoutText.allSatisfy(\.isASCIIDigit), let timeout = Int(timeoutText),
              (1...Self.longestConnectTimeout).contains(timeout) else {
            throw .badAddress("connect_timeout '\(Self.shown(timeoutText))' must be 1 to \(Self.longestConnectTimeout) seconds")
        }
        connectTimeout = timeout
        applicationName = setting("application_name", "PGAPPNAME")
        for (value, what) in [(user, "the user name"), (database, "the database name"), (host, "the host"),
                              (sslRootCert ?? "", "sslrootcert"), (applicationName ?? "", "application_name")] {
            try Self.refuseControlCharacters(value, in: what)
        }
    }

    /// The address without any secret: `postgres://oss@db.example:5432/site`,
    /// `postgres://oss@/site (socket /tmp/x)`.
    public var description: String {
        let user = Self.shown(self.user), database = Self.shown(self.database)
        switch endpoint {
        case .tcp(let host):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(user)@\(Self.shown(shownHost)):\(port)/\(database)"
        case .socket(let directory):
            let portNote = port == 5432 ? "" : ", port \(port)"
            return "postgres://\(user)@/\(database) (socket \(Self.shown(directory))\(portNote))"
        }
    }

    /// The host name a ~/.pgpass line is matched against (libpq: the default
    /// socket directory counts as `localhost`).
    var passwordFileHost: String {
        switch endpoint {
        case .tcp(let host): host
        case .socket(let directory): directory == Self.defaultSocketDirectory ? "localhost" : directory
        }
    }

    /// postgres-nio's configuration for this address. sslmode becomes TLS as
    /// libpq means it: disable → none; allow, prefer → TLS when the server
    /// offers it, unverified; require → TLS, unverified; verify-ca → the
    /// chain is checked, not the name; verify-full → chain and name
    /// (sslrootcert, else the system's trust store). A Unix socket has no TLS.
    func configuration(password: String?) throws(SiteError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .socket(let directory):
            let path = "\(directory)/.s.PGSQL.\(port)"
            guard path.utf8.count < 108 else { throw .badAddress("the socket path \(Self.shown(path)) is longer than 107 bytes") }
            configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host):
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: try tls())
        }
        configuration.options.connectTimeout = .seconds(Int64(connectTimeout))
        if let applicationName { configuration.options.additionalStartupParameters = [("application_name", applicationName)] }
        return configuration
    }

    private func tls() throws(SiteError) -> PostgresConnection.Configuration.TLS {
        if sslMode == .disable { return .disable }
        var settings = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable, .allow, .prefer, .require: settings.certificateVerification = .none
        case .verifyCA: settings.certificateVerification = .noHostnameVerification
        case .verifyFull: settings.certificateVerification = .fullVerification
        }
        if let sslRootCert, sslMode == .verifyCA || sslMode == .verifyFull {
            guard FileManager.default.isReadableFile(atPath: sslRootCert) else {
                throw .badAddress("sslrootcert \(Self.shown(sslRootCert)) cannot be read")
            }
            settings.trustRoots = .file(sslRootCert)
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: settings) } catch {
            throw .badAddress("sslrootcert \(Self.shown(sslRootCert ?? "")) holds no usable certificate")
        }
        return sslMode == .allow || sslMode == .prefer ? .prefer(context) : .require(context)
    }

    // MARK: Reading the URL

    private static func readHostPort(_ text: Substring, into parameters: inout [String: String]) throws(SiteError) {
        guard !text.isEmpty else { return }
        var host = text, port: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .badAddress("an IPv6 address lacks its closing ]") }
            host = text[...close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .badAddress("unexpected text after the IPv6 address") }
                port = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        if !host.isEmpty { parameters["host"] = try decode(host, "the host") }
        if let port { parameters["port"] = try decode(port, "the port") }
    }

    private static func decode(_ text: Substring, _ what: String) throws(SiteError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw .badAddress("\(what) has a broken %-escape or is not UTF-8")
        }
        try refuseControlCharacters(decoded, in: what)
        return decoded
    }

    private static func refuseControlCharacters(_ text: String, in what: String) throws(SiteError) {
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .badAddress("\(what) contains control characters")
        }
    }

    /// A DNS name, an IPv4 address or an IPv6 address (bracketed in a URL).
    private static func isHostName(_ host: String) -> Bool {
        if host.hasPrefix("[") {
            return host.hasSuffix("]") && host.count > 2
                && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        if host.contains(":") {
            return host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return !host.isEmpty && host.utf8.count <= 253
            && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }
    }

    /// User text as shown in a message: at most 200 characters.
    static func shown(_ text: String) -> String {
        text.count <= 200 ? text : String(text.prefix(200)) + "…"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

extension Substring {
    /// The text before the first `separator` and the text after it (nil when there is none).
    fileprivate func split(once separator: Character) -> (Substring, Substring?) {
        guard let index = firstIndex(of: separator) else { return (self, nil) }
        return (self[..<index], self[self.index(after: index)...])
    }
}
