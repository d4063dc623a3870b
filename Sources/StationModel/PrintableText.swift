/// The one rule for what text from outside may show as it is: on a
/// terminal, in a log, in a message, as a worker id. Control characters
/// (C0 with NUL, DEL, C1: escape sequences, carriage returns), format
/// characters (bidirectional marks, overrides and isolates, zero-width
/// spaces and joiners, the byte-order mark: they make a text look like
/// another), line and paragraph separators, surrogates, private-use and
/// unassigned code points (noncharacters such as U+FFFE among them) are
/// written as `\u{1B}` instead.
public enum PrintableText {
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: false
        default: true
        }
    }

    /// `text` with what is not printable escaped; with `keepingLineBreaks`
    /// newlines and tabs stay (a message of several lines).
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        func shown(_ scalar: Unicode.Scalar) -> Bool {
            isPrintable(scalar) || (keepingLineBreaks && (scalar == "\n" || scalar == "\t"))
        }
        guard !text.unicodeScalars.allSatisfy(shown) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if shown(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }

    /// Four or more uppercase hex digits, as in U+001B.
    public static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
