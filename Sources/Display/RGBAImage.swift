/// A decoded picture (a step's PNG): 8-bit RGBA, row-major.
public struct RGBAImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var bytes: [UInt8]

    public init(width: Int, height: Int, bytes: [UInt8]) {
        precondition(bytes.count == width * height * 4)
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// Draws the picture scaled to fit `box` (aspect kept, centred across, at the top), blended
    /// by its alpha, with bilinear sampling.
    public func draw(fitting box: PixelRect, into frame: inout Frame) {
        scaled(fitting: box)?.draw(into: &frame)
    }

    /// The picture resampled once for `box`, to be blended many times.
    public func scaled(fitting box: PixelRect) -> ScaledPicture? {
        guard width > 0, height > 0, !box.isEmpty else { return nil }
        let scale = min(Double(box.width) / Double(width), Double(box.height) / Double(height))
        let w = max(1, Int(Double(width) * scale)), h = max(1, Int(Double(height) * scale))
        var pixels = [UInt32](repeating: 0, count: w * h)
        var alphas = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            let fy = min(Double(height - 1), max(0, (Double(y) + 0.5) / scale - 0.5))
            let sy = Int(fy), ty = fy - Double(sy), sy1 = min(height - 1, sy + 1)
            for x in 0..<w {
                let fx = min(Double(width - 1), max(0, (Double(x) + 0.5) / scale - 0.5))
                let sx = Int(fx), tx = fx - Double(sx), sx1 = min(width - 1, sx + 1)
                func sample(_ channel: Int) -> Double {
                    let a = Double(bytes[(sy * width + sx) * 4 + channel]), b = Double(bytes[(sy * width + sx1) * 4 + channel])
                    let c = Double(bytes[(sy1 * width + sx) * 4 + channel]), d = Double(bytes[(sy1 * width + sx1) * 4 + channel])
                    return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty
                }
                pixels[y * w + x] = Color(UInt8(sample(0).rounded()), UInt8(sample(1).rounded()), UInt8(sample(2).rounded())).pixel
                alphas[y * w + x] = UInt8(sample(3).rounded())
            }
        }
        return ScaledPicture(x: box.minX + (box.width - w) / 2, y: box.minY, width: w, height: h, pixels: pixels, alphas: alphas)
    }
}

/// A picture already resampled to its place: colours and alphas per pixel.
public struct ScaledPicture: Sendable, Equatable {
    public let x: Int
    public let y: Int
    public let width: Int
    public let height: Int
    let pixels: [UInt32]
    let alphas: [UInt8]

    /// Blends the picture over `frame` at its place (as `Frame.blend`).
    public func draw(into frame: inout Frame) {
        let x0 = max(0, -x), x1 = min(width, frame.width - x)
        let y0 = max(0, -y), y1 = min(height, frame.height - y)
        guard x0 < x1, y0 < y1 else { return }
        let frameWidth = frame.width
        frame.pixels.withUnsafeMutableBufferPointer { target in
            pixels.withUnsafeBufferPointer { colours in
                alphas.withUnsafeBufferPointer { alphas in
                    for row in y0..<y1 {
                        let out = target.baseAddress! + (y + row) * frameWidth + x
                        for column in x0..<x1 {
                            let index = row * width + column
                            let alpha = UInt32(alphas[index])
                            if alpha == 0 { continue }
                            if alpha == 255 {
                                out[column] = colours[index]
                                continue
                            }
                            let new = colours[index], old = out[column], inverse = 255 - alpha
                            func mix(_ shift: UInt32) -> UInt32 {
                                ((new >> shift & 0xFF) * alpha + (old >> shift & 0xFF) * inverse + 127) / 255
                            }
                            out[column] = mix(16) << 16 | mix(8) << 8 | mix(0)
                        }
                    }
                }
            }
        }
    }
}
