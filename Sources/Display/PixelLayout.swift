/// How a framebuffer stores pixels, as the kernel reports it
/// (`fb_var_screeninfo` bitfields and `fb_fix_screeninfo.line_length`):
/// nothing is assumed about byte order or padding.
public struct PixelLayout: Equatable, Sendable {
    public struct Channel: Equatable, Sendable {
        public var offset: Int
        public var length: Int
        public init(offset: Int, length: Int) {
            self.offset = offset
            self.length = length
        }
    }

    public var width: Int
    public var height: Int
    public var bitsPerPixel: Int
    /// Bytes from one row to the next (may include padding).
    public var lineLength: Int
    public var red: Channel
    public var green: Channel
    public var blue: Channel

    public init(width: Int, height: Int, bitsPerPixel: Int, lineLength: Int, red: Channel, green: Channel, blue: Channel) {
        self.width = width
        self.height = height
        self.bitsPerPixel = bitsPerPixel
        self.lineLength = lineLength
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static func xrgb8888(width: Int, height: Int, lineLength: Int? = nil) -> PixelLayout {
        PixelLayout(width: width, height: height, bitsPerPixel: 32, lineLength: lineLength ?? width * 4,
                    red: Channel(offset: 16, length: 8), green: Channel(offset: 8, length: 8), blue: Channel(offset: 0, length: 8))
    }

    public static func rgb565(width: Int, height: Int, lineLength: Int? = nil) -> PixelLayout {
        PixelLayout(width: width, height: height, bitsPerPixel: 16, lineLength: lineLength ?? width * 2,
                    red: Channel(offset: 11, length: 5), green: Channel(offset: 5, length: 6), blue: Channel(offset: 0, length: 5))
    }

    public var bytesPerPixel: Int { bitsPerPixel / 8 }

    /// Why the layout cannot be drawn into, or nil when it can.
    public var unsupportedReason: String? {
        guard [16, 24, 32].contains(bitsPerPixel) else { return "\(bitsPerPixel) bits per pixel (16, 24 or 32 supported)" }
        for channel in [red, green, blue] where channel.length < 1 || channel.length > 8 || channel.offset + channel.length > bitsPerPixel {
            return "a colour channel of \(channel.length) bits at offset \(channel.offset)"
        }
        guard lineLength >= width * bytesPerPixel else { return "line_length \(lineLength) is shorter than a row" }
        return nil
    }

    /// Bytes a buffer of this layout needs.
    public var byteCount: Int { lineLength * height }

    @inline(__always)
    func encode(_ pixel: UInt32) -> UInt32 {
        func channel(_ value: UInt32, _ c: Channel) -> UInt32 { (value >> UInt32(8 - c.length)) << UInt32(c.offset) }
        return channel(pixel >> 16 & 0xFF, red) | channel(pixel >> 8 & 0xFF, green) | channel(pixel & 0xFF, blue)
    }

    @inline(__always)
    func decode(_ raw: UInt32) -> Color {
        func channel(_ c: Channel) -> UInt8 {
            let value = raw >> UInt32(c.offset) & (1 << UInt32(c.length) - 1)
            // Replicate the high bits so that full scale stays full scale.
            return UInt8((value * 255 + (1 << UInt32(c.length) - 1) / 2) / (1 << UInt32(c.length) - 1))
        }
        return Color(channel(red), channel(green), channel(blue))
    }

    /// Converts `rect` of `frame` (same size as the layout) into `buffer`,
    /// which holds `byteCount` bytes in this layout (little-endian pixels).
    public func pack(_ frame: Frame, rect: PixelRect, into buffer: UnsafeMutableRawPointer) {
        let area = rect.intersection(frame.bounds).intersection(PixelRect(minX: 0, minY: 0, maxX: width, maxY: height))
        guard !area.isEmpty else { return }
        let identity = bitsPerPixel == 32 && red == Channel(offset: 16, length: 8)
            && green == Channel(offset: 8, length: 8) && blue == Channel(offset: 0, length: 8)
        frame.pixels.withUnsafeBufferPointer { pixels in
            for y in area.minY..<area.maxY {
                let row = buffer + y * lineLength
                let source = pixels.baseAddress! + y * frame.width
                switch bytesPerPixel {
                case 4 where identity:
                    (row + area.minX * 4).copyMemory(from: source + area.minX, byteCount: area.width * 4)
                case 4:
                    let out = row.assumingMemoryBound(to: UInt32.self)
                    for x in area.minX..<area.maxX { out[x] = UInt32(littleEndian: encode(source[x])) }
                case 2:
                    let out = row.assumingMemoryBound(to: UInt16.self)
                    for x in area.minX..<area.maxX { out[x] = UInt16(littleEndian: UInt16(truncatingIfNeeded: encode(source[x]))) }
                default:
                    let out = row.assumingMemoryBound(to: UInt8.self)
                    for x in area.minX..<area.maxX {
                        let value = encode(source[x])
                        out[x * 3] = UInt8(truncatingIfNeeded: value)
                        out[x * 3 + 1] = UInt8(truncatingIfNeeded: value >> 8)
                        out[x * 3 + 2] = UInt8(truncatingIfNeeded: value >> 16)
                    }
                }
            }
        }
    }

    /// Reads a buffer in this layout back into a frame (for tests and checks).
    public func unpack(_ buffer: UnsafeRawPointer) -> Frame {
        var frame = Frame(width: width, height: height)
        for y in 0..<height {
            let row = buffer + y * lineLength
            for x in 0..<width {
                var raw: UInt32 = 0
                for byte in 0..<bytesPerPixel { raw |= UInt32(row.load(fromByteOffset: x * bytesPerPixel + byte, as: UInt8.self)) << (8 * byte) }
                frame.pixels[y * width + x] = decode(raw).pixel
            }
        }
        return frame
    }
}
