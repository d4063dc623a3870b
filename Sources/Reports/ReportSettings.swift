#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Journal

/// The languages a report can be written in; Dutch is the default.
public enum ReportLanguage: String, CaseIterable, Sendable {
    case nl, en

    /// "nl, en": for the message that refuses another language.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    var text: ReportText { self == .nl ? .dutch : .english }
}

/// How a report is made: its language, the time zone of its dates (named on
/// the page) and when it was made. The creation time is given, never read
/// from a clock here, so that the same journal gives the same page.
public struct ReportSettings: Sendable {
    public var language: ReportLanguage
    public var zone: TimeZone
    /// µs since the epoch.
    public var madeAt: Int64

    public init(language: ReportLanguage = .nl, zone: TimeZone = .current, madeAt: Int64) {
        self.language = language
        self.zone = zone
        self.madeAt = madeAt
    }

    var text: ReportText { language.text }
    var calendar: LocalCalendar { LocalCalendar(zone: zone, text: language.text) }
}

/// Text for HTML: `&`, `<`, `>` and `"` escaped.
func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
