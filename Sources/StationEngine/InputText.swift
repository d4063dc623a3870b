import StationModel

/// The one rule for text that enters the engine from outside: badge ids
/// (which become worker ids), product scans and scanner texts. Checked at
/// the engine's entry (`StepEngine.handle`), so that live devices, event
/// scripts and every future source get the same rule: text that breaks it
/// is a `dropped` event with a reason that begins `bad text`.
public enum InputText {
    /// Badge ids are worker ids: short, as on a card.
    public static let maxBadgeLength = 64
    /// Barcodes and other scanned texts.
    public static let maxScanLength = 256

    /// Badge ids (worker ids) have no spaces at all, so that two ids never
    /// look alike; scanned texts may have spaces inside, not at either end.
    public enum Kind: Sendable { case badge, scan }

    /// Why `text` may not be used, or nil when it may. The length counts
    /// Unicode scalars, so that combining marks cannot make it unbounded.
    public static func problem(in text: String, kind: Kind) -> String? {
        if text.isEmpty { return "empty" }
        let limit = kind == .badge ? maxBadgeLength : maxScanLength
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > limit { return "longer than \(limit) characters" }
            if !isPrintable(scalar) { return "\(describe(scalar)) at character \(count)" }
            if kind == .badge && scalar.properties.isWhitespace { return "a space (U+\(PrintableText.hex(scalar))) at character \(count)" }
        }
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
           first.properties.isWhitespace || last.properties.isWhitespace {
            return "a space at the start or end"
        }
        return nil
    }

    /// The printable rule shared with every message (`PrintableText`).
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool { PrintableText.isPrintable(scalar) }

    /// `text` with what is not printable written as `\u{1B}`, for messages
    /// and logs: a device name or text from outside cannot reach a terminal
    /// as escape sequences.
    public static func escaped(_ text: String) -> String { PrintableText.escaped(text) }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        "\(scalar.properties.generalCategory == .control ? "control character" : "invisible or unassigned character") U+\(PrintableText.hex(scalar))"
    }
}
