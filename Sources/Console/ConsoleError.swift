import JSONLines
import Operations

/// Why the console refused or failed a request, and its status code. The
/// text is ours, for people: never SQL, a path on the server or a Swift
/// error's own description.
enum ConsoleError: Error, Equatable {
    /// 400: a field is missing or wrong; the text names it.
    case badRequest(String)
    /// 401: no session (the API); pages redirect instead.
    case notSignedIn
    /// 401: a login that failed; it does not say whether the name exists.
    case loginFailed
    /// 403: the role may not.
    case forbidden
    /// 403: a change without the session's CSRF token, or from another site.
    case missingToken
    case notFound
    case methodNotAllowed
    /// 413
    case bodyTooLarge
    /// 415
    case unsupportedMediaType(String)
    /// 429: too many failed logins for this name.
    case throttled
    /// 503: the journal could not be read or written (details go to the log).
    case storeUnavailable

    var status: Int {
        switch self {
        case .badRequest: 400
        case .notSignedIn, .loginFailed: 401
        case .forbidden, .missingToken: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .bodyTooLarge: 413
        case .unsupportedMediaType: 415
        case .throttled: 429
        case .storeUnavailable: 503
        }
    }

    /// The English text of the JSON body; pages say it in the reader's language.
    var message: String {
        switch self {
        case .badRequest(let text): text
        case .notSignedIn: "not signed in"
        case .loginFailed: "name or password is wrong"
        case .forbidden: "your role may not do this"
        case .missingToken: "the request lacks this session's CSRF token"
        case .notFound: "not found"
        case .methodNotAllowed: "method not allowed"
        case .bodyTooLarge: "the request body is larger than \(ConsoleContext.bodyLimit) bytes"
        case .unsupportedMediaType(let expected): "the body must be \(expected)"
        case .throttled: "too many failed logins for this name; try again in 5 minutes"
        case .storeUnavailable: "the journal could not be read or written; the server log says why"
        }
    }

    var json: String {
        var object = JSONLineBuilder()
        object.add("error", string: message)
        return object.line
    }

    /// An operation's refusal as the console says it. Bad input is the
    /// client's (400, the operation's own words name the field); a journal
    /// or workbook failure is the server's (503, logged, not shown).
    init(_ error: OperationError) {
        switch error {
        case .journal, .spreadsheet, .unexpected, .site: self = .storeUnavailable
        // The operations' own words name the journal's path; the console does not show it.
        case let .unknownWorker(worker, _): self = .badRequest("worker \(worker) is not known")
        case let .unknownProduct(product, _): self = .badRequest("product \(product) is not known: no station has recorded it")
        case let .duplicateAccount(name, _): self = .badRequest("account \(name) exists already")
        case let .unknownAccount(name, _): self = .badRequest("there is no account \(name)")
        default: self = .badRequest(error.description)
        }
    }
}
