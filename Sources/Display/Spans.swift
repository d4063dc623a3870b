import StationModel

/// A filled shape as horizontal runs of pixels, computed once and then drawn
/// by filling memory: zones do not move, so their shapes are cached.
public struct Spans: Equatable, Sendable {
    public struct Run: Equatable, Sendable {
        public var y: Int
        public var x0: Int
        /// Exclusive.
        public var x1: Int
    }

    public var runs: [Run]
    public var bounds: PixelRect

    /// The pixels whose centres lie inside `polygons` by the even-odd rule,
    /// clipped to `clip`. Several polygons make holes: an outer and an inner
    /// quadrilateral give a ring (a contour).
    public init(polygons: [[Point]], clip: PixelRect) {
        runs = []
        bounds = .empty
        let ys = polygons.flatMap { $0.map(\.y) }
        guard let low = ys.min(), let high = ys.max() else { return }
        let firstRow = Self.pixel((low - 0.5).rounded(.up), clip.minY, clip.maxY)
        let lastRow = Self.pixel((high - 0.5).rounded(.down), clip.minY - 1, clip.maxY - 1)
        guard firstRow <= lastRow else { return }
        var crossings: [Double] = []
        for y in firstRow...lastRow {
            let sampleY = Double(y) + 0.5
            crossings.removeAll(keepingCapacity: true)
            for polygon in polygons {
                for i in polygon.indices {
                    let a = polygon[i], b = polygon[(i + 1) % polygon.count]
                    // Half-open rule: an edge counts for y in [min, max).
                    if (a.y <= sampleY && b.y > sampleY) || (b.y <= sampleY && a.y > sampleY) {
                        crossings.append(a.x + (sampleY - a.y) / (b.y - a.y) * (b.x - a.x))
                    }
                }
            }
            crossings.sort()
            var index = 0
            while index + 1 < crossings.count {
                let x0 = Self.pixel((crossings[index] - 0.5).rounded(.up), clip.minX, clip.maxX)
                let x1 = Self.pixel((crossings[index + 1] - 0.5).rounded(.up), clip.minX, clip.maxX)
                if x0 < x1 {
                    runs.append(Run(y: y, x0: x0, x1: x1))
                    bounds = bounds.union(PixelRect(minX: x0, minY: y, maxX: x1, maxY: y + 1))
                }
                index += 2
            }
        }
    }

    /// A coordinate clamped into `lower...upper` before it becomes an Int:
    /// a projective map sends points near its horizon far away (or to
    /// infinity), which must clip, not trap. NaN goes to `lower`.
    static func pixel(_ value: Double, _ lower: Int, _ upper: Int) -> Int {
        guard value >= Double(lower) else { return lower }
        guard value <= Double(upper) else { return upper }
        return Int(value)
    }

    /// Fills the runs with `color`, only inside `clip`.
    public func fill(_ frame: inout Frame, with color: Color, clip: PixelRect? = nil) {
        let value = color.pixel
        let width = frame.width
        let limit = clip ?? frame.bounds
        guard bounds.intersects(limit) else { return }
        frame.pixels.withUnsafeMutableBufferPointer { buffer in
            for run in runs where run.y >= limit.minY && run.y < limit.maxY {
                let x0 = max(run.x0, limit.minX), x1 = min(run.x1, limit.maxX)
                guard x0 < x1 else { continue }
                (buffer.baseAddress! + run.y * width + x0).update(repeating: value, count: x1 - x0)
            }
        }
    }

    /// Number of pixels covered.
    public var area: Int { runs.reduce(0) { $0 + $1.x1 - $1.x0 } }
}
