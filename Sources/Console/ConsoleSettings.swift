/// How `oss serve` listens, checked before anything starts. Person data
/// leaves this machine only encrypted: an address other than loopback
/// needs TLS (`--tls-cert`, `--tls-key`), or an explicit `--behind-proxy`
/// (a TLS proxy in front; cookies are then sent only over HTTPS).
public struct ConsoleSettings: Sendable, Equatable {
    public struct TLSFiles: Sendable, Equatable {
        public let certificate: String
        public let key: String
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case listenSyntax(String)
        case port(String)
        case tlsHalf
        case exposedWithoutTLS(host: String)
        case tlsAndProxy

        public var description: String {
            switch self {
            case .listenSyntax(let text): "--listen '\(text)' is not HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)"
            case .port(let text): "--listen port '\(text)' is not a number from 1 to 65535"
            case .tlsHalf: "--tls-cert and --tls-key go together"
            case .exposedWithoutTLS(let host):
                "--listen \(host) is reachable from other machines: give --tls-cert and --tls-key, or --behind-proxy when a TLS proxy (docs/console.md) is in front"
            case .tlsAndProxy: "--behind-proxy is for a proxy that does TLS; with --tls-cert the console does TLS itself"
            }
        }
    }

    public static let defaultListen = "127.0.0.1:8080"

    public let host: String
    public let port: Int
    public let tls: TLSFiles?
    public let behindProxy: Bool

    public init(listen: String = ConsoleSettings.defaultListen, tlsCertificate: String? = nil, tlsKey: String? = nil,
                behindProxy: Bool = false) throws(Problem) {
        (host, port) = try Self.parse(listen)
        switch (tlsCertificate, tlsKey) {
        case let (certificate?, key?): tls = TLSFiles(certificate: certificate, key: key)
        case (nil, nil): tls = nil
        default: throw .tlsHalf
        }
        if tls != nil && behindProxy { throw .tlsAndProxy }
        self.behindProxy = behindProxy
        if !Self.isLoopback(host) && tls == nil && !behindProxy { throw .exposedWithoutTLS(host: host) }
    }

    /// Cookies carry `Secure` whenever the browser reaches us over HTTPS.
    public var secureCookies: Bool { tls != nil || behindProxy }

    /// `http://HOST:PORT` or `https://…`, as the start line prints it.
    public func url(port actualPort: Int? = nil) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(tls == nil ? "http" : "https")://\(shownHost):\(actualPort ?? port)"
    }

    static func parse(_ listen: String) throws(Problem) -> (String, Int) {
        let host: Substring, portText: Substring
        if listen.hasPrefix("[") {
            guard let close = listen.firstIndex(of: "]"), listen[listen.index(after: close)...].hasPrefix(":") else {
                throw .listenSyntax(listen)
            }
            host = listen[listen.index(after: listen.startIndex)..<close]
            portText = listen[listen.index(close, offsetBy: 2)...]
        } else {
            guard let colon = listen.lastIndex(of: ":"), !listen[..<colon].contains(":") else { throw .listenSyntax(listen) }
            host = listen[..<colon]
            portText = listen[listen.index(after: colon)...]
        }
        let hostAllowed = host.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || ".:-".unicodeScalars.contains($0)) }
        guard !host.isEmpty, host.count <= 253, hostAllowed else { throw .listenSyntax(listen) }
        // Port 0 asks the kernel for a free port (tests); the line printed names the real one.
        guard portText.count <= 5, portText.allSatisfy(\.isASCII), let port = Int(portText), (0...65535).contains(port) else {
            throw .port(String(portText.prefix(20)))
        }
        return (String(host), port)
    }

    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }
    }
}
