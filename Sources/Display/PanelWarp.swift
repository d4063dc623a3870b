import StationModel

/// The panel zone: its size in panel pixels and, for every projector pixel
/// of its quadrilateral, the panel pixel to show there (nearest sample).
/// Under a mild keystone most neighbouring pixels of a row come from
/// neighbouring panel pixels, so the map is kept as segments of straight
/// copies: the warp then runs at memcpy speed.
struct PanelWarp {
    /// `length` projector pixels from (`x`, `y`) show panel pixels `source ..< source + length`.
    struct Segment {
        var y: Int32
        var x: Int32
        var source: Int32
        var length: Int32
    }

    let width: Int
    let height: Int
    let bounds: PixelRect
    private let segments: [Segment]
    private let frameWidth: Int

    init(zone: Zone, toProjector: Homography, toTable: Homography, clip: PixelRect) {
        let corners = [Point(x: zone.x, y: zone.y), Point(x: zone.x + zone.w, y: zone.y),
                       Point(x: zone.x + zone.w, y: zone.y + zone.h), Point(x: zone.x, y: zone.y + zone.h)].map(toProjector.map)
        func length(_ a: Point, _ b: Point) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }
        // No more panel pixels than the projector has, whatever the calibration makes of the zone.
        width = Spans.pixel(((length(corners[0], corners[1]) + length(corners[3], corners[2])) / 2).rounded(), 1, 2 * clip.maxX)
        height = Spans.pixel(((length(corners[0], corners[3]) + length(corners[1], corners[2])) / 2).rounded(), 1, 2 * clip.maxY)
        let area = Spans(polygons: [corners], clip: clip)
        bounds = area.bounds
        frameWidth = clip.maxX
        var segments: [Segment] = []
        for run in area.runs {
            for x in run.x0..<run.x1 {
                let table = toTable.map(Point(x: Double(x) + 0.5, y: Double(run.y) + 0.5))
                let uValue = (table.x - zone.x) / zone.w * Double(width), vValue = (table.y - zone.y) / zone.h * Double(height)
                // A pixel whose centre maps outside the panel (at its very edge) shows nothing.
                guard uValue >= 0, vValue >= 0, uValue < Double(width), vValue < Double(height) else { continue }
                let u = Int(uValue), v = Int(vValue)
                let source = Int32(v * width + u)
                if let last = segments.last, last.y == Int32(run.y), last.x + last.length == Int32(x),
                   last.source + last.length == source {
                    segments[segments.count - 1].length += 1
                } else {
                    segments.append(Segment(y: Int32(run.y), x: Int32(x), source: source, length: 1))
                }
            }
        }
        self.segments = segments
    }

    func warp(_ content: Frame, into frame: inout Frame, clip: PixelRect) {
        let width = frameWidth
        precondition(content.pixels.count >= self.width * self.height && frame.pixels.count >= bounds.maxY * width)
        content.pixels.withUnsafeBufferPointer { from in
            frame.pixels.withUnsafeMutableBufferPointer { to in
                // Segments were checked against the panel's and the frame's size when built.
                let from = from.baseAddress!, to = to.baseAddress!
                for segment in segments where Int(segment.y) >= clip.minY && Int(segment.y) < clip.maxY {
                    let start = Int(segment.x), end = start + Int(segment.length)
                    let x0 = max(start, clip.minX), x1 = min(end, clip.maxX)
                    guard x0 < x1 else { continue }
                    (to + Int(segment.y) * width + x0).update(from: from + Int(segment.source) + (x0 - start), count: x1 - x0)
                }
            }
        }
    }
}
