/// Column widths that fit the content: the longest cell of each column in
/// characters (a bold header a little wider), plus a margin, capped so that
/// one long text does not push the other columns off the screen.
struct ColumnWidths {
    static let margin = 2.0
    static let limit = 60.0

    private(set) var characters: [Int]

    init(header: [String]) {
        // Bold text is about a tenth wider.
        characters = header.map { ($0.count * 11 + 9) / 10 }
    }

    mutating func measure(_ cell: Cell, column: Int) {
        guard column < characters.count else { return }
        characters[column] = max(characters[column], Self.characters(of: cell))
    }

    /// What the cell shows: its characters (Unicode scalars, near enough for
    /// a width and cheap), its digits, or the date format's 19 characters.
    static func characters(of cell: Cell) -> Int {
        switch cell {
        case .string(let text): text.unicodeScalars.count
        case .integer(let value): digits(value)
        // The General format shows at most 11 characters of a number; the
        // export's decimals have 3 places at most.
        case .number(let value):
            !value.isFinite || abs(value) >= 1e10 ? 11
                : min(digits(Int64(value)) + (value == value.rounded(.towardZero) ? 0 : 4), 11)
        case .dateTime: XLSXWorkbook.dateFormat.count
        case .empty: 0
        }
    }

    static func digits(_ value: Int64) -> Int {
        var count = value < 0 ? 2 : 1, rest = value.magnitude
        while rest >= 10 { rest /= 10; count += 1 }
        return count
    }

    /// The width of each column in the spreadsheet's character units.
    var widths: [Double] { characters.map { min(Double($0) + Self.margin, Self.limit) } }
}
