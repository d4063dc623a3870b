import Foundation
import Hummingbird

/// The console's two languages. The reader's choice (`?lang=` sets a
/// cookie) wins; else the browser's Accept-Language; else Dutch, the
/// workshops' language.
enum Language: String, CaseIterable, Sendable {
    case nl, en

    static let cookieName = "oss_lang"

    static func of(_ request: Request) -> Language {
        if let asked = try? FormFields(request.uri.query).given("lang"), let language = Language(rawValue: asked) {
            return language
        }
        if let kept = request.cookies[cookieName].flatMap({ Language(rawValue: String($0.value)) }) { return kept }
        return fromAcceptLanguage(request.headers[.acceptLanguage] ?? "")
    }

    /// The first of the browser's languages (by q, then order) that we speak.
    static func fromAcceptLanguage(_ header: String) -> Language {
        var best: (language: Language, q: Double)?
        for item in header.split(separator: ",").prefix(20) {
            let parts = item.split(separator: ";")
            guard let tag = parts.first?.trimmingCharacters(in: .whitespaces).lowercased() else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = Language(rawValue: primary) else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0] == "q", let value = Double(pair[1]), value.isFinite { q = value }
            }
            if q > 0, q > (best?.q ?? 0) { best = (language, q) }
        }
        return best?.language ?? .nl
    }
}
