/// Splits a byte stream into lines in bounded memory: pieces go in as they
/// are read, whole lines come out. A line longer than `maxLineBytes` is
/// reported as too long (nil) and its bytes are not kept.
struct LineSplitter {
    let maxLineBytes: Int
    /// The start of a line whose end has not been read yet.
    private var pending: [UInt8] = []
    private var overlong = false
    /// Lines handed out so far; the number of the last one.
    private(set) var number = 0

    init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    /// Calls `body` with each line that ends in `bytes` (without its "\n"),
    /// or nil for a line that is too long.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (_ number: Int, _ line: UnsafeRawBufferPointer?) throws -> Void) rethrows {
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                keep(UnsafeRawBufferPointer(rebasing: bytes[start...]))
                return
            }
            let piece = UnsafeRawBufferPointer(rebasing: bytes[start..<newline])
            start = newline + 1
            number += 1
            if pending.isEmpty && !overlong {
                try body(number, piece.count > maxLineBytes ? nil : piece)
                continue
            }
            keep(piece)
            defer { pending.removeAll(keepingCapacity: true); overlong = false }
            if overlong {
                try body(number, nil)
            } else {
                try pending.withUnsafeBytes { try body(number, $0) }
            }
        }
    }

    /// The last line, when the input does not end with "\n".
    mutating func finish(_ body: (_ number: Int, _ line: UnsafeRawBufferPointer?) throws -> Void) rethrows {
        guard !pending.isEmpty || overlong else { return }
        number += 1
        defer { pending.removeAll(keepingCapacity: true); overlong = false }
        if overlong {
            try body(number, nil)
        } else {
            try pending.withUnsafeBytes { try body(number, $0) }
        }
    }

    private mutating func keep(_ piece: UnsafeRawBufferPointer) {
        guard !overlong else { return }
        if pending.count + piece.count > maxLineBytes {
            overlong = true
            pending.removeAll(keepingCapacity: true)
        } else {
            pending.append(contentsOf: piece)
        }
    }
}
