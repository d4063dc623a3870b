import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Operations

/// One route of the console: where, for whom, and what answers it. Every
/// route is listed in `Console.routes()`, and `Console.gate` alone decides
/// who may call it; no handler checks a session, a token or a role.
struct ConsoleRoute: Sendable {
    enum Kind: Sendable {
        /// `/api/...`: JSON errors, 401 without a session.
        case api
        /// HTML: 303 to the login page without a session.
        case page
    }

    enum Access: Sendable {
        /// No session needed (login, the OpenAPI document, styles and scripts).
        case open
        /// A signed-in account whose role may do this (nil: any role).
        case signedIn(Permission?)
    }

    let method: HTTPRequest.Method
    let path: String
    let kind: Kind
    let access: Access
    /// A further permission the request's own fields ask for (names in an export).
    var alsoNeeds: (@Sendable (FormFields) -> Permission?)? = nil
    let handler: @Sendable (Call) async throws -> Response
}

/// A request as a handler sees it, past the gate.
struct Call: Sendable {
    let request: Request
    let context: ConsoleContext
    /// Present on every route but the open ones.
    let signedIn: SignedIn?
    let query: FormFields
    /// The body's form fields (`application/x-www-form-urlencoded`), else empty.
    let form: FormFields
    let body: ByteBuffer
    let language: Language

    /// The signed-in account; the gate guarantees it on signed-in routes.
    var account: SignedIn {
        get throws(ConsoleError) {
            guard let signedIn else { throw .notSignedIn }
            return signedIn
        }
    }
}

extension Console {
    /// The one place where sessions, CSRF tokens and roles are checked,
    /// in this order: a readable request (query, body size), a session
    /// (401 or 303 without), the CSRF token and same-site origin on every
    /// change (403), the role (403). Errors become the console's answers.
    func gate(_ route: ConsoleRoute, _ request: Request, _ context: ConsoleContext) async throws -> Response {
        var request = request
        let api = route.kind == .api
        let language = Language.of(request)
        do {
            let query: FormFields
            do { query = try FormFields(request.uri.query) } catch { throw ConsoleError.badRequest(Self.describe(error, in: "query")) }
            let changes = route.method != .get && route.method != .head
            var body = ByteBuffer()
            var form = FormFields()
            if changes {
                if Self.isCrossSite(request) { throw ConsoleError.missingToken }
                do { body = try await request.collectBody(upTo: ConsoleContext.bodyLimit) } catch { throw ConsoleError.bodyTooLarge }
                if Self.mediaType(request) == "application/x-www-form-urlencoded" {
                    do { form = try FormFields(Substring(String(buffer: body))) } catch { throw ConsoleError.badRequest(Self.describe(error, in: "form")) }
                }
            }
            let signedIn = try await currentSession(request)
            if case .signedIn(let permission) = route.access {
                guard let signedIn else {
                    if api { throw ConsoleError.notSignedIn }
                    return Responses.redirect(to: "/login")
                }
                if changes {
                    let token = request.headers[Self.csrfHeader] ?? form["csrf"] ?? ""
                    guard ConsoleSession.sameToken(token, signedIn.session.csrf) else { throw ConsoleError.missingToken }
                }
                let needed = [permission, route.alsoNeeds?(query)].compactMap { $0 }
                guard needed.allSatisfy(signedIn.account.role.may) else { throw ConsoleError.forbidden }
            }
            var response = try await route.handler(Call(request: request, context: context, signedIn: signedIn, query: query,
                                                        form: form, body: body, language: language))
            if let asked = query.given("lang"), let chosen = Language(rawValue: asked) {
                response.setCookie(Cookie(name: Language.cookieName, value: chosen.rawValue, maxAge: 365 * 86400, path: "/",
                                          secure: settings.secureCookies, httpOnly: true, sameSite: .strict))
            }
            return response
        } catch let error as ConsoleError {
            return Responses.error(error, api: api, pages: pages, language: language)
        } catch let error as OperationError {
            if case .journal(let failure) = error { context.logger.error("journal: \(failure.description)") }
            if case .site(let failure) = error { context.logger.error("\(failure)") }
            return Responses.error(ConsoleError(error), api: api, pages: pages, language: language)
        }
    }

    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// The signed-in account of this request, if its session is alive and
    /// its account still exists.
    func currentSession(_ request: Request) async throws -> SignedIn? {
        guard sessions.getId(request: request) != nil,
              let session = try? await sessions.load(request: request) else { return nil }
        let workshop = self.workshop
        let account = try await Blocking.run { try workshop.accounts.account(named: session.account) }
        return account.map { SignedIn(session: session, account: $0) }
    }

    /// A change sent from another site's page. Browsers say so in
    /// `Sec-Fetch-Site`, which then decides alone: with our
    /// `Referrer-Policy: no-referrer` Chromium sends `Origin: null` on our
    /// own forms. Without it (older clients), an `Origin` naming another
    /// host than the request's counts; `null` or none leaves the decision
    /// to the CSRF token and the SameSite cookie.
    static func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] {
            return site == "cross-site" || site == "same-site"
        }
        guard let origin = request.headers[.origin], origin != "null" else { return false }
        guard let host = request.head.authority else { return true }
        let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
        return originHost?.lowercased() != host.lowercased()
    }

    static func mediaType(_ request: Request) -> String {
        let value = request.headers[.contentType] ?? ""
        return value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    static func describe(_ error: FormFields.Malformed, in place: String) -> String {
        switch error {
        case .encoding(let field): "\(place) field '\(field)' is not valid percent-encoded UTF-8"
        case .repeated(let field): "\(place) field '\(field)' is given twice"
        case .tooMany: "the \(place) has more than \(FormFields.fieldLimit) fields"
        }
    }
}
