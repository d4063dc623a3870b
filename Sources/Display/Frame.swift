/// A 24-bit colour.
public struct Color: Equatable, Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// As an XRGB8888 pixel.
    public var pixel: UInt32 { UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b) }

    public init(pixel: UInt32) {
        self.init(UInt8(truncatingIfNeeded: pixel >> 16), UInt8(truncatingIfNeeded: pixel >> 8), UInt8(truncatingIfNeeded: pixel))
    }

    public static let black = Color(0, 0, 0)
    public static let white = Color(255, 255, 255)
}

/// An axis-aligned pixel rectangle; `maxX`/`maxY` are exclusive.
public struct PixelRect: Equatable, Sendable {
    public var minX: Int
    public var minY: Int
    public var maxX: Int
    public var maxY: Int

    public init(minX: Int, minY: Int, maxX: Int, maxY: Int) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public var isEmpty: Bool { maxX <= minX || maxY <= minY }
    public var width: Int { max(0, maxX - minX) }
    public var height: Int { max(0, maxY - minY) }

    public func union(_ other: PixelRect) -> PixelRect {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return PixelRect(minX: min(minX, other.minX), minY: min(minY, other.minY),
                         maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    public func intersection(_ other: PixelRect) -> PixelRect {
        PixelRect(minX: max(minX, other.minX), minY: max(minY, other.minY),
                  maxX: min(maxX, other.maxX), maxY: min(maxY, other.maxY))
    }

    public func intersects(_ other: PixelRect) -> Bool { !intersection(other).isEmpty }

    public static let empty = PixelRect(minX: 0, minY: 0, maxX: 0, maxY: 0)
}

/// An in-memory picture: XRGB8888 pixels, row-major, no padding. Everything
/// is drawn here first; framebuffer and PNG output convert from it.
public struct Frame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt32]

    public init(width: Int, height: Int, fill: Color = .black) {
        self.width = width
        self.height = height
        pixels = Array(repeating: fill.pixel, count: width * height)
    }

    public var bounds: PixelRect { PixelRect(minX: 0, minY: 0, maxX: width, maxY: height) }

    public subscript(x: Int, y: Int) -> Color {
        get { Color(pixel: pixels[y * width + x]) }
        set { pixels[y * width + x] = newValue.pixel }
    }

    public mutating func fill(_ rect: PixelRect, with color: Color) {
        let clipped = rect.intersection(bounds)
        guard !clipped.isEmpty else { return }
        let value = color.pixel
        pixels.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            // A typed fill, which the optimiser vectorises (Display is built with -O).
            func row(_ start: Int, _ count: Int) { (base + start).update(repeating: value, count: count) }
            if clipped.minX == 0 && clipped.maxX == width {
                row(clipped.minY * width, clipped.height * width)
                return
            }
            for y in clipped.minY..<clipped.maxY { row(y * width + clipped.minX, clipped.width) }
        }
    }

    /// Blends `color` over the pixel at (x, y) with `alpha` 0...255.
    @inline(__always)
    public mutating func blend(x: Int, y: Int, color: Color, alpha: UInt8) {
        guard alpha > 0 else { return }
        let index = y * width + x
        if alpha == 255 {
            pixels[index] = color.pixel
            return
        }
        let old = Color(pixel: pixels[index])
        let a = UInt32(alpha), na = 255 - a
        func mix(_ new: UInt8, _ old: UInt8) -> UInt8 { UInt8((UInt32(new) * a + UInt32(old) * na + 127) / 255) }
        pixels[index] = Color(mix(color.r, old.r), mix(color.g, old.g), mix(color.b, old.b)).pixel
    }

    /// Copies `rect` of `source` (same size) into this frame.
    public mutating func copy(_ rect: PixelRect, from source: Frame) {
        precondition(source.width == width && source.height == height)
        let clipped = rect.intersection(bounds)
        guard !clipped.isEmpty else { return }
        pixels.withUnsafeMutableBufferPointer { destination in
            source.pixels.withUnsafeBufferPointer { source in
                for y in clipped.minY..<clipped.maxY {
                    let start = y * width + clipped.minX
                    (destination.baseAddress! + start).update(from: source.baseAddress! + start, count: clipped.width)
                }
            }
        }
    }

    /// The smallest rectangle holding every pixel that differs from `other`
    /// (same size), or nil when the frames are equal.
    public func difference(from other: Frame) -> PixelRect? {
        guard other.width == width, other.height == height else { return bounds }
        var result = PixelRect.empty
        pixels.withUnsafeBufferPointer { a in
            other.pixels.withUnsafeBufferPointer { b in
                for y in 0..<height {
                    let row = y * width
                    guard let first = Self.firstDifference(a, b, row: row, count: width) else { continue }
                    var last = width - 1
                    while a[row + last] == b[row + last] { last -= 1 }
                    result = result.union(PixelRect(minX: first, minY: y, maxX: last + 1, maxY: y + 1))
                }
            }
        }
        return result.isEmpty ? nil : result
    }

    /// The first index of the `count` pixels from `row` at which `a` and `b`
    /// differ, or nil. Two pixels are compared at a time, as one 8-byte word:
    /// most rows of a redraw are unchanged.
    @inline(__always)
    private static func firstDifference(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>,
                                        row: Int, count: Int) -> Int? {
        let rawA = UnsafeRawPointer(a.baseAddress! + row), rawB = UnsafeRawPointer(b.baseAddress! + row)
        var index = 0
        while index + 2 <= count,
              rawA.loadUnaligned(fromByteOffset: index * 4, as: UInt64.self) == rawB.loadUnaligned(fromByteOffset: index * 4, as: UInt64.self) {
            index += 2
        }
        while index < count {
            if a[row + index] != b[row + index] { return index }
            index += 1
        }
        return nil
    }

    /// Packed RGB bytes, 3 per pixel, for PNG writing.
    public func rgbBytes() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        bytes.withUnsafeMutableBufferPointer { out in
            for (index, pixel) in pixels.enumerated() {
                out[index * 3] = UInt8(truncatingIfNeeded: pixel >> 16)
                out[index * 3 + 1] = UInt8(truncatingIfNeeded: pixel >> 8)
                out[index * 3 + 2] = UInt8(truncatingIfNeeded: pixel)
            }
        }
        return bytes
    }
}
