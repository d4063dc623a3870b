@testable import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONLines
import Operations
import Testing

/// The contract's rules for sessions, tokens, roles and headers, route by route.
@Suite("Console", .serialized)
struct ConsoleTests {
    static let apiRoutes = ["/api/session", "/api/stations", "/api/workers", "/api/levels", "/api/audit", "/api/export/cycles.csv"]
    static let pages = ["/", "/workers", "/workers/W042", "/levels", "/exports", "/audit", "/accounts", "/purge"]

    @Test func withoutASessionTheAPIAnswers401AndPagesRedirect() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            for route in Self.apiRoutes {
                let response = try await browser.get(route)
                #expect(response.status == .unauthorized, "\(route)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(Self.object(response)?["error"] != nil, "\(route) has an error field")
            }
            for page in Self.pages {
                let response = try await browser.get(page)
                #expect(response.status == .seeOther, "\(page)")
                #expect(response.headers[.location] == "/login")
            }
            let post = try await browser.postJSON("/api/levels", #"{"worker":"W042","product":"bike-light","level":2}"#, csrf: "x")
            #expect(post.status == .unauthorized)
        }
    }

    @Test func aGoodLoginRedirectsWithAStrictHttpOnlyCookieAndABadOneDoesNot() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            let bad = try await browser.postForm("/login", [("name", "ada.admin"), ("password", "wrong password!")])
            #expect(bad.status == .unauthorized)
            #expect(bad.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("oss_session=") })
            let unknown = try await browser.postForm("/login", [("name", "nobody"), ("password", "wrong password!")])
            #expect(unknown.status == .unauthorized)
            #expect(String(buffer: bad.body) == String(buffer: unknown.body), "the page does not tell whether the name exists")

            let good = try await browser.postForm("/login", [("name", "ada.admin"), ("password", ConsoleFixture.password)])
            #expect(good.status == .seeOther)
            #expect(good.headers[.location] == "/")
            let cookie = try #require(good.headers[values: .setCookie].first { $0.hasPrefix("oss_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain HTTP on loopback")
            let session = try await browser.get("/api/session")
            #expect(session.status == .ok)
            let object = try #require(Self.object(session))
            #expect(object.keys == ["name", "role", "csrf"])
            #expect(object["name"] == .string("ada.admin"))
            #expect(object["role"] == .string("admin"))
        }
    }

    @Test func theSixthAttemptForANameIs429EvenWithTheRightPassword() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            for _ in 0..<5 {
                let response = try await browser.postForm("/login", [("name", "sam.supervisor"), ("password", "wrong password!")])
                #expect(response.status == .unauthorized)
            }
            let right = try await browser.postForm("/login", [("name", "sam.supervisor"), ("password", ConsoleFixture.password)])
            #expect(right.status == .tooManyRequests)
            #expect(right.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("oss_session=") })
            let other = try await browser.postForm("/login", [("name", "ada.admin"), ("password", ConsoleFixture.password)])
            #expect(other.status == .seeOther, "another name is not affected")
            fixture.clock.advance(by: 5 * 60 * 1_000_000)
            let later = try await browser.postForm("/login", [("name", "sam.supervisor"), ("password", ConsoleFixture.password)])
            #expect(later.status == .seeOther, "5 minutes later the name may try again")
        }
    }

    @Test func aLoginRenewsTheSessionSoAPlantedIdIsUseless() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { attacker in
            try await attacker.logIn("sam.supervisor")
            let planted = try #require(attacker.cookies["oss_session"])
            let victim = TestBrowser(client: attacker.client)
            let headers: HTTPFields = [.cookie: "oss_session=\(planted)", .contentType: "application/x-www-form-urlencoded"]
            let login = try await victim.send(.post, "/login", headers: headers,
                                             body: "name=ada.admin&password=\(TestBrowser.encode(ConsoleFixture.password))")
            #expect(login.status == .seeOther)
            let renewed = try #require(victim.cookies["oss_session"])
            #expect(renewed != planted)
            // The planted id is ended, not upgraded to the victim's account.
            let stale = try await victim.client.execute(uri: "/api/session", method: .get, headers: [.cookie: "oss_session=\(planted)"])
            #expect(stale.status == .unauthorized)
            let fresh = try await victim.get("/api/session")
            #expect(Self.object(fresh)?["name"] == .string("ada.admin"))
        }
    }

    @Test func aRoleThatMayNotGets403() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            let token = try await browser.logIn("sam.supervisor")
            for route in ["/api/export/cycles.csv", "/api/audit"] {
                let response = try await browser.get(route)
                #expect(response.status == .forbidden, "\(route)")
                #expect(Self.object(response)?["error"] != nil)
            }
            for page in ["/exports", "/audit", "/accounts", "/purge"] {
                #expect(try await browser.get(page).status == .forbidden, "\(page)")
            }
            let purge = try await browser.postForm("/purge", [("csrf", token), ("days", "0"), ("confirm", "1")])
            #expect(purge.status == .forbidden)
        }
        try await fixture.withBrowser { browser in
            let token = try await browser.logIn("anna.assessor")
            let level = try await browser.postJSON("/api/levels", #"{"worker":"W042","product":"bike-light","level":2}"#, csrf: token)
            #expect(level.status == .forbidden)
            #expect(try await browser.get("/api/export/cycles.csv?with_names=1").status == .forbidden)
            #expect(try await browser.get("/api/export/cycles.csv").status == .ok)
        }
    }

    @Test func aChangeWithoutTheTokenOrFromAnotherSiteGets403() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            let token = try await browser.logIn("sam.supervisor")
            let body = #"{"worker":"W042","product":"bike-light","level":2}"#
            #expect(try await browser.postJSON("/api/levels", body, csrf: nil).status == .forbidden)
            #expect(try await browser.postJSON("/api/levels", body, csrf: String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0")).status == .forbidden)
            let form = try await browser.postForm("/levels", [("worker", "W042"), ("product", "bike-light"), ("level", "2")])
            #expect(form.status == .forbidden)
            let crossSite = try await browser.postForm("/levels", [("csrf", token), ("worker", "W042"), ("product", "bike-light"), ("level", "2")],
                                                       headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
            #expect(crossSite.status == .forbidden)
            let otherOrigin = try await browser.postForm("/levels", [("csrf", token), ("worker", "W042"), ("product", "bike-light"), ("level", "2")],
                                                         headers: [.origin: "https://evil.example"])
            #expect(otherOrigin.status == .forbidden)
            #expect(try fixture.journal.levelHistory().isEmpty, "nothing was changed")
            let logout = try await browser.postForm("/logout", [])
            #expect(logout.status == .forbidden, "logging out is a change too")
            #expect(try await browser.postJSON("/api/levels", body, csrf: token).status == .ok)
        }
    }

    @Test func logoutEndsTheSessionAndARemovedAccountLosesItAtOnce() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            let token = try await browser.logIn("sam.supervisor")
            let logout = try await browser.postForm("/logout", [("csrf", token)])
            #expect(logout.status == .seeOther)
            #expect(logout.headers[.location] == "/login")
            #expect(try await browser.get("/api/session").status == .unauthorized)

            try await browser.logIn("anna.assessor")
            try Operations.Accounts(journal: fixture.journal).remove(AccountName("anna.assessor"), by: .localUser("test"))
            #expect(try await browser.get("/api/session").status == .unauthorized)
        }
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            var answers = [try await browser.get("/login"), try await browser.get("/api/stations"), try await browser.get("/nothing/here"),
                           try await browser.get("/api/nothing"), try await browser.get("/api/openapi.yaml")]
            try await browser.logIn("ada.admin")
            for page in Self.pages { answers.append(try await browser.get(page)) }
            for route in Self.apiRoutes { answers.append(try await browser.get(route)) }
            for answer in answers {
                let policy = answer.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(answer.headers[.xContentTypeOptions] == "nosniff")
                #expect(answer.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            }
            #expect(answers[2].status == .notFound)
            #expect(answers[3].status == .notFound && Self.object(answers[3])?["error"] != nil)
        }
    }

    @Test func oversizedAndMalformedBodiesAreRefusedInOurWords() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            let token = try await browser.logIn("ada.admin")
            let huge = String(repeating: "x", count: ConsoleContext.bodyLimit + 1)
            let big = try await browser.postJSON("/api/levels", "{\"reason\": \"\(huge)\"}", csrf: token)
            #expect(big.status == .contentTooLarge)
            for (body, field) in [("not json", "JSON"), ("[1]", "object"), (#"{"worker": 1}"#, "worker"),
                                  (#"{"worker":"W042","product":"bike-light","level":"2"}"#, "level"),
                                  (#"{"worker":"W042","product":"bike-light","level":7}"#, "level"),
                                  (#"{"worker":"W042","product":"no-such","level":2}"#, "no-such"),
                                  (#"{"worker":"W 42","product":"bike-light","level":2}"#, "worker")] {
                let response = try await browser.postJSON("/api/levels", body, csrf: token)
                #expect(response.status == .badRequest, "\(body)")
                let message = Self.object(response).flatMap { if case .string(let text)? = $0["error"] { text } else { nil } } ?? ""
                #expect(message.contains(field), "\(body) → \(message)")
                #expect(!message.contains(fixture.journalPath), "no server path in an answer")
            }
            let wrongType = try await browser.send(.post, "/api/levels", headers: [.contentType: "text/plain", HTTPField.Name("X-CSRF-Token")!: token],
                                                   body: "{}")
            #expect(wrongType.status == .unsupportedMediaType)
        }
    }

    static func object(_ response: TestResponse) -> JSONObject? {
        guard case .object(let object)? = try? JSONParser.parse(String(buffer: response.body)) else { return nil }
        return object
    }
}
