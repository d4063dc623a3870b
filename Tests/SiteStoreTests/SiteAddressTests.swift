import Foundation
import PostgresNIO
@testable import SiteStore
import Testing

@Suite struct SiteAddressTests {
    /// No PG* variables, a known login name.
    let plain = ["USER": "anna", "HOME": "/nonexistent"]

    func badAddress(_ url: String, environment: [String: String]? = nil) -> String? {
        do {
            _ = try SiteAddress(url, environment: environment ?? plain)
            return nil
        } catch {
            if case .badAddress(let text) = error { return text }
            Issue.record("not badAddress: \(error)")
            return nil
        }
    }

    @Test func readsEveryPartOfATCPURL() throws {
        let address = try SiteAddress(
            "postgres://oss@db.example:5433/site?sslmode=verify-full&sslrootcert=/etc/oss/ca.pem&connect_timeout=5&application_name=oss%20sync",
            environment: plain)
        #expect(address.endpoint == .tcp(host: "db.example"))
        #expect(address.port == 5433)
        #expect(address.user == "oss")
        #expect(address.database == "site")
        #expect(address.sslMode == .verifyFull)
        #expect(address.sslRootCert == "/etc/oss/ca.pem")
        #expect(address.connectTimeout == 5)
        #expect(address.applicationName == "oss sync")
        #expect(address.description == "postgres://oss@db.example:5433/site")
    }

    @Test func postgresqlSchemeAndIPv6() throws {
        let address = try SiteAddress("postgresql://oss@[::1]:6000/site", environment: plain)
        #expect(address.endpoint == .tcp(host: "::1"))
        #expect(address.port == 6000)
        #expect(address.description == "postgres://oss@[::1]:6000/site")
    }

    @Test func socketDirectoryInTheHostPartOrAsParameter() throws {
        let encoded = try SiteAddress("postgres://oss@%2Ftmp%2Fx:5999/site", environment: plain)
        #expect(encoded.endpoint == .socket(directory: "/tmp/x"))
        #expect(encoded.description == "postgres://oss@/site (socket /tmp/x, port 5999)")
        let parameter = try SiteAddress("postgresql:///site?host=/tmp/x", environment: plain)
        #expect(parameter.endpoint == .socket(directory: "/tmp/x"))
        #expect(parameter.user == "anna")
        #expect(parameter.description == "postgres://anna@/site (socket /tmp/x)")
    }

    @Test func libpqDefaults() throws {
        let address = try SiteAddress("postgres://", environment: plain)
        #expect(address.endpoint == .socket(directory: "/var/run/postgresql"))
        #expect(address.port == 5432)
        #expect(address.user == "anna")
        #expect(address.database == "anna")
        #expect(address.sslMode == .prefer)
        #expect(address.connectTimeout == 10)
        #expect(address.sslRootCert == nil)
    }

    @Test func environmentFillsWhatTheURLLeavesOut() throws {
        let environment = ["PGHOST": "db.internal", "PGPORT": "6432", "PGUSER": "sync", "PGDATABASE": "plant",
                           "PGSSLMODE": "require", "PGCONNECT_TIMEOUT": "3", "USER": "anna"]
        let address = try SiteAddress("postgres://", environment: environment)
        #expect(address.endpoint == .tcp(host: "db.internal"))
        #expect(address.port == 6432)
        #expect(address.user == "sync")
        #expect(address.database == "plant")
        #expect(address.sslMode == .require)
        #expect(address.connectTimeout == 3)
        let overridden = try SiteAddress("postgres://oss@other/site?sslmode=disable&port=7000", environment: environment)
        #expect(overridden.endpoint == .tcp(host: "other"))
        #expect(overridden.port == 7000)
        #expect(overridden.user == "oss")
        #expect(overridden.sslMode == .disable)
    }

    @Test func refusesAPassword() {
        for url in ["postgres://oss:secret@db/site", "postgres://oss:@db/site", "postgres://oss@db/site?password=secret",
                    "postgres://oss@db/site?passfile=/tmp/p"] {
            let text = badAddress(url)
            #expect(text == "the URL must not carry a password; use PGPASSWORD or ~/.pgpass", "\(url)")
            #expect(text?.contains("secret") != true)
        }
    }

    @Test func refusesUnknownParametersAndValues() {
        #expect(badAddress("postgres://db/site?sslmod=require")?.hasPrefix("unknown parameter 'sslmod'") == true)
        #expect(badAddress("postgres://db/site?sslmode=x")?.hasPrefix("unknown sslmode 'x'") == true)
        #expect(badAddress("postgres://db/site?connect_timeout=0") != nil)
        #expect(badAddress("postgres://db/site?connect_timeout=31") != nil)
        #expect(badAddress("postgres://db/site?connect_timeout=-1") != nil)
        #expect(badAddress("postgres://db/site?port") != nil)
        #expect(badAddress("postgres://db,db2/site")?.contains("several hosts") == true)
        #expect(badAddress("mysql://db/site")?.contains("postgres://") == true)
        #expect(badAddress("postgres://db/site", environment: ["PGSSLMODE": "sometimes", "USER": "anna"]) != nil)
    }

    @Test func hostileInputIsBadAddressNeverATrap() {
        let hostile = [
            "", "postgres://db:99999999999999999999999/site", "postgres://db:0/site", "postgres://db:65536/site",
            "postgres://db:+5/site", "postgres://db:-1/site", "postgres://db:/site", "postgres://d\u{0}b/site",
            "postgres://db/si\nte", "postgres://db/site%0A", "postgres://db/%ZZ", "postgres://db/%C3",
            "postgres://[::1/site", "postgres://[::1]x/site", "postgres://db name/site", "postgres://db/site#frag",
            "postgres://" + String(repeating: "a", count: 5000), "postgres://db/site?=x", "postgres://%00@db/site",
            "postgres://db/site?host=%2Ftmp%0A", "postgres://db/site?connect_timeout=99999999999999999999",
        ]
        for url in hostile {
            #expect(badAddress(url) != nil, "\(url.debugDescription)")
        }
    }

    @Test func sslModesBecomeTLS() throws {
        func tls(_ mode: String) throws -> PostgresConnection.Configuration.TLS {
            try SiteAddress("postgres://oss@db.example/site?sslmode=\(mode)", environment: plain).configuration(password: nil).tls
        }
        #expect(try !tls("disable").isAllowed)
        for mode in ["allow", "prefer"] {
            let settings = try tls(mode)
            #expect(settings.isAllowed && !settings.isEnforced, "\(mode)")
        }
        for mode in ["require", "verify-ca", "verify-full"] {
            #expect(try tls(mode).isEnforced, "\(mode)")
        }
        let socket = try SiteAddress("postgres://oss@%2Ftmp%2Fx/site?sslmode=require", environment: plain).configuration(password: "pw")
        #expect(socket.unixSocketPath == "/tmp/x/.s.PGSQL.5432")
        #expect(!socket.tls.isAllowed)
        #expect(socket.password == "pw")
        let timed = try SiteAddress("postgres://oss@db/site?connect_timeout=7&application_name=sync", environment: plain)
            .configuration(password: nil)
        #expect(timed.options.connectTimeout == .seconds(7))
        #expect(timed.options.additionalStartupParameters.first?.1 == "sync")
    }

    @Test func unreadableRootCertificateIsBadAddress() {
        do {
            _ = try SiteAddress("postgres://oss@db/site?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem", environment: plain)
                .configuration(password: nil)
            Issue.record("accepted")
        } catch {
            #expect(error == .badAddress("sslrootcert /nonexistent/ca.pem cannot be read"))
        }
    }
}
