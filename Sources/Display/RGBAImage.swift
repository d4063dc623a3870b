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
        guard width > 0, height > 0, !box.isEmpty else { return }
        let scale = min(Double(box.width) / Double(width), Double(box.height) / Double(height))
        let w = max(1, Int(Double(width) * scale)), h = max(1, Int(Double(height) * scale))
        let x0 = box.minX + (box.width - w) / 2, y0 = box.minY
        for y in 0..<h {
            let fy = min(Double(height - 1), max(0, (Double(y) + 0.5) / scale - 0.5))
            let sy = Int(fy), ty = fy - Double(sy), sy1 = min(height - 1, sy + 1)
            for x in 0..<w {
                let dx = x0 + x, dy = y0 + y
                guard dx >= 0, dy >= 0, dx < frame.width, dy < frame.height else { continue }
                let fx = min(Double(width - 1), max(0, (Double(x) + 0.5) / scale - 0.5))
                let sx = Int(fx), tx = fx - Double(sx), sx1 = min(width - 1, sx + 1)
                func sample(_ channel: Int) -> Double {
                    let a = Double(bytes[(sy * width + sx) * 4 + channel]), b = Double(bytes[(sy * width + sx1) * 4 + channel])
                    let c = Double(bytes[(sy1 * width + sx) * 4 + channel]), d = Double(bytes[(sy1 * width + sx1) * 4 + channel])
                    return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty
                }
                let color = Color(UInt8(sample(0).rounded()), UInt8(sample(1).rounded()), UInt8(sample(2).rounded()))
                frame.blend(x: dx, y: dy, color: color, alpha: UInt8(sample(3).rounded()))
            }
        }
    }
}
