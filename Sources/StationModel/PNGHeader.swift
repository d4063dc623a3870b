/// The size of a PNG picture read from its first 33 bytes (signature and
/// IHDR chunk), so that a picture's cost is known before anything decodes it.
public struct PNGHeader: Sendable, Equatable {
    public static let byteCount = 33
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    public var width: Int
    public var height: Int
    public var pixels: Int { width * height }

    /// The header of `bytes` (the file's first bytes), or why it is not a PNG picture.
    public static func parse(_ bytes: [UInt8]) -> Result<PNGHeader, PNGHeaderError> {
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { return .failure(.notPNG) }
        guard bytes.count >= byteCount, Array(bytes[12..<16]) == Array("IHDR".utf8),
              bigEndian(bytes, at: 8) == 13 else { return .failure(.badHeader) }
        let width = bigEndian(bytes, at: 16), height = bigEndian(bytes, at: 20)
        // PNG allows 1 to 2^31 - 1 each, so the product fits in an Int.
        guard (1...Int(Int32.max)).contains(width), (1...Int(Int32.max)).contains(height) else { return .failure(.badHeader) }
        return .success(PNGHeader(width: width, height: height))
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> Int {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
    }
}

public enum PNGHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    case notPNG, badHeader

    public var description: String {
        switch self {
        case .notPNG: "is not a PNG picture (no PNG signature)"
        case .badHeader: "is not a valid PNG picture (damaged header)"
        }
    }
}
