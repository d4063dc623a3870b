import NIOCore

/// Rows in PostgreSQL's COPY text format (tab between fields, newline
/// after a row, `\N` for NULL), written straight into a ByteBuffer so that a
/// batch of a million step rows costs no intermediate strings. Text values
/// have backslash, tab, newline and carriage return escaped; the journal
/// never stores NUL, which COPY could not carry.
struct CopyText {
    private(set) var buffer: ByteBuffer
    private var fieldsInRow = 0

    init(capacity: Int = 1 << 16) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func field(_ value: Int64) {
        separate()
        // Up to 20 digits: a small string, no allocation.
        buffer.writeString(String(value))
    }

    mutating func field(_ value: Int64?) {
        if let value { field(value) } else { null() }
    }

    mutating func field(_ value: String) {
        separate()
        var needsEscape = false
        for byte in value.utf8 where byte == UInt8(ascii: "\\") || byte == 9 || byte == 10 || byte == 13 {
            needsEscape = true
            break
        }
        guard needsEscape else { buffer.writeString(value); return }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 9: buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 10: buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 13: buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.writeInteger(byte)
            }
        }
    }

    mutating func field(_ value: String?) {
        if let value { field(value) } else { null() }
    }

    mutating func null() {
        separate()
        buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "N")])
    }

    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }

    /// Hands the rows written so far over and starts an empty buffer.
    mutating func take() -> ByteBuffer {
        let full = buffer
        buffer = ByteBufferAllocator().buffer(capacity: full.capacity)
        fieldsInRow = 0
        return full
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.writeInteger(UInt8(9)) }
        fieldsInRow += 1
    }
}
