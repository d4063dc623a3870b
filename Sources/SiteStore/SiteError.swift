/// What can go wrong between a station and the site database, in oss's own
/// words: never the server's text, the SQL, or a PSQLError/NSError dump
/// (they can carry statements, person data or secrets).
public enum SiteError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The URL is wrong; the text names the part.
    case badAddress(String)
    /// The server cannot be reached: the address (without secrets) and why.
    case unreachable(String)
    /// Authentication failed, or the role or the database is missing.
    case loginRefused(String)
    /// The connection was lost mid-way (server stopped, network).
    case lost(String)
    /// The server refused a statement: what we tried, perhaps a SQLSTATE code.
    case refused(String)
    /// The site database's schema is newer than this oss knows.
    case schemaNewer(found: Int, known: Int)
    /// A local (journal) problem during a site operation.
    case local(String)

    /// One line, ours.
    public var description: String {
        switch self {
        case .badAddress(let text): "bad PostgreSQL URL: \(Self.oneLine(text))"
        case .unreachable(let text): "cannot reach the site database: \(Self.oneLine(text))"
        case .loginRefused(let text): "the site database refused the login: \(Self.oneLine(text))"
        case .lost(let text): "lost the connection to the site database: \(Self.oneLine(text))"
        case .refused(let text): "the site database refused to \(Self.oneLine(text))"
        case .schemaNewer(let found, let known):
            "the site database has schema version \(found), newer than the \(known) this oss knows: update oss on this station"
        case .local(let text): "journal: \(Self.oneLine(text))"
        }
    }

    /// Control characters (line breaks included) become spaces, so a message
    /// stays one line whatever went into it.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
    }
}
