import StationEngine
import StationModel

/// The fixed texts of the projected image, in the station's language.
/// Languages: Dutch, English, Polish, Turkish; others fall back to English,
/// as do texts a language lacks (the slow step's cue and help offer exist in
/// Dutch and English only). Error texts are `ErrorText`.
public struct UIStrings: Sendable {
    public let language: String

    public init(language: String) {
        let primary = language.split(separator: "-").first.map(String.init) ?? language
        self.language = Self.table[primary] == nil ? "en" : primary
    }

    private static let table: [String: [String: String]] = [
        "nl": [
            "scanBadge": "Scan je pas", "welcome": "Hallo {w}", "scanProduct": "Scan een product",
            "stepOf": "Stap {n} van {m}", "help": "? Hulp", "wellDone": "Goed gedaan!",
            "error": "Fout", "blocked": "Eerst de fout herstellen", "offline": "Stationbord offline",
            "offlineAction": "Even wachten of roep je begeleider",
            "count": "{c} van {n}",
            "slow": "Neem de tijd.", "helpOffer": "Hulp nodig? Druk op {b}.", "helpButton": "de hulpknop",
        ],
        "en": [
            "scanBadge": "Scan your badge", "welcome": "Hello {w}", "scanProduct": "Scan a product",
            "stepOf": "Step {n} of {m}", "help": "? Help", "wellDone": "Well done!",
            "error": "Error", "blocked": "Fix the error first", "offline": "Station board offline",
            "offlineAction": "Please wait or call your supervisor",
            "count": "{c} of {n}",
            "slow": "Take your time.", "helpOffer": "Need help? Press {b}.", "helpButton": "the help button",
        ],
        "pl": [
            "scanBadge": "Zeskanuj identyfikator", "welcome": "Cześć {w}", "scanProduct": "Zeskanuj produkt",
            "stepOf": "Krok {n} z {m}", "help": "? Pomoc", "wellDone": "Dobra robota!",
            "error": "Błąd", "blocked": "Najpierw popraw błąd", "offline": "Płyta stanowiska offline",
            "offlineAction": "Poczekaj lub zawołaj opiekuna",
            "count": "{c} z {n}",
        ],
        "tr": [
            "scanBadge": "Kartınızı okutun", "welcome": "Merhaba {w}", "scanProduct": "Bir ürün okutun",
            "stepOf": "Adım {n} / {m}", "help": "? Yardım", "wellDone": "Aferin!",
            "error": "Hata", "blocked": "Önce hatayı düzeltin", "offline": "İstasyon kartı çevrimdışı",
            "offlineAction": "Bekleyin veya sorumlunuzu çağırın",
            "count": "{c} / {n}",
        ],
    ]

    public subscript(_ key: String) -> String {
        Self.table[language]?[key] ?? Self.table["en"]?[key] ?? key
    }

    public func stepOf(_ n: Int, _ m: Int) -> String {
        self["stepOf"].replacingOccurrences(of: "{n}", with: String(n)).replacingOccurrences(of: "{m}", with: String(m))
    }

    public func count(_ c: Int, _ n: Int) -> String {
        self["count"].replacingOccurrences(of: "{c}", with: String(c)).replacingOccurrences(of: "{n}", with: String(n))
    }

    /// "Hulp nodig? Druk op de gele knop.": `button` is the help input's label.
    public func helpOffer(_ button: String) -> String { self["helpOffer"].replacingOccurrences(of: "{b}", with: button) }

    public func welcome(_ worker: String) -> String { self["welcome"].replacingOccurrences(of: "{w}", with: worker) }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
