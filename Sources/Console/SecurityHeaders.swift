import HTTPTypes
import Hummingbird

/// Adds the console's security headers to every answer, errors included,
/// and turns any error a route or the router throws into the console's own
/// answer, so no response ever carries a library's error text.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = ConsoleContext

    let pages: Pages
    /// HSTS only when the browser reaches us over HTTPS.
    let https: Bool

    func handle(_ request: Request, context: ConsoleContext,
                next: (Request, ConsoleContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let consoleError: ConsoleError
            switch error {
            case let error as ConsoleError: consoleError = error
            case let error as HTTPError where error.status == .notFound: consoleError = .notFound
            case let error as HTTPError where error.status == .methodNotAllowed: consoleError = .methodNotAllowed
            case let error as HTTPError where error.status == .contentTooLarge: consoleError = .bodyTooLarge
            default:
                context.logger.error("request failed: \(String(describing: type(of: error)))")
                consoleError = .storeUnavailable
            }
            response = Responses.error(consoleError, api: request.uri.path.hasPrefix("/api/"), pages: pages,
                                       language: Language.of(request))
        }
        for (name, value) in Self.headers { response.headers[name] = value }
        if https { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }

    static let headers: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"),
        (.xContentTypeOptions, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("Cross-Origin-Opener-Policy")!, "same-origin"),
        (.crossOriginResourcePolicy, "same-origin"),
        (HTTPField.Name("Permissions-Policy")!, "camera=(), microphone=(), geolocation=()"),
    ]
}
