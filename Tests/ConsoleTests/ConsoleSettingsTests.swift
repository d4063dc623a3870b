@testable import Console
import Testing

@Suite("ConsoleSettings")
struct ConsoleSettingsTests {
    @Test func loopbackIsTheDefaultAndNeedsNoTLS() throws {
        let settings = try ConsoleSettings()
        #expect(settings.host == "127.0.0.1" && settings.port == 8080)
        #expect(!settings.secureCookies)
        #expect(settings.url() == "http://127.0.0.1:8080")
        #expect(try ConsoleSettings(listen: "[::1]:9000").url() == "http://[::1]:9000")
    }

    @Test func anotherAddressNeedsTLSOrAProxy() throws {
        #expect(throws: ConsoleSettings.Problem.exposedWithoutTLS(host: "0.0.0.0")) { try ConsoleSettings(listen: "0.0.0.0:8080") }
        #expect(throws: ConsoleSettings.Problem.exposedWithoutTLS(host: "127.evil.example")) {
            try ConsoleSettings(listen: "127.evil.example:8080")
        }
        let proxied = try ConsoleSettings(listen: "0.0.0.0:8080", behindProxy: true)
        #expect(proxied.secureCookies)
        let tls = try ConsoleSettings(listen: "192.0.2.1:8443", tlsCertificate: "c.pem", tlsKey: "k.pem")
        #expect(tls.secureCookies && tls.url() == "https://192.0.2.1:8443")
        #expect(throws: ConsoleSettings.Problem.tlsHalf) { try ConsoleSettings(tlsCertificate: "c.pem") }
        #expect(throws: ConsoleSettings.Problem.tlsAndProxy) {
            try ConsoleSettings(tlsCertificate: "c.pem", tlsKey: "k.pem", behindProxy: true)
        }
    }

    @Test func malformedAddressesAreRefused() {
        for bad in ["", "8080", "host", "host:", ":80", "a b:80", "[::1]80", "[::1", "h:99999", "h:-1", "h:8o", "h:80:81", "ünï:80"] {
            #expect(throws: ConsoleSettings.Problem.self, "\(bad)") { try ConsoleSettings(listen: bad) }
        }
    }
}
