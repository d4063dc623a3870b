import StationModel

/// How a projector pixel of the panel takes its colour from the upright
/// panel picture.
public enum PanelSampler: String, CaseIterable, Sendable {
    /// The nearest panel pixel: fastest (straight copies), but letters get
    /// jagged edges under a keystone.
    case nearest
    /// The four nearest panel pixels, weighted by distance: smooth edges.
    /// The default on the table.
    case bilinear
}

/// The panel zone: its size in panel pixels and, for every projector pixel
/// of its quadrilateral, where in the panel picture its colour comes from.
///
/// Both maps are computed once, when the renderer is made:
/// - nearest: straight-copy segments. Under a mild keystone most neighbouring
///   pixels of a row come from neighbouring panel pixels, so the warp runs at
///   memcpy speed.
/// - bilinear: per pixel the top-left source pixel and two 8-bit weights.
///   Where the four samples are equal (the panel's plain background, the
///   inside of letters and bars) the pixel is copied, so the cost follows
///   the edges in the picture rather than its area.
struct PanelWarp {
    /// `length` projector pixels from (`x`, `y`) show panel pixels `source ..< source + length`
    /// (of panel row `row`).
    struct Segment {
        var y: Int32
        var x: Int32
        var source: Int32
        var length: Int32
        var row: Int32
    }

    /// Projector pixels `x ..< x + length` of row `y` take samples `first ..< first + length`,
    /// all from panel rows `topRow` and below.
    struct Run {
        var y: Int32
        var x: Int32
        var first: Int32
        var length: Int32
        var topRow: Int32
    }

    /// Where one projector pixel's four samples are: `source` (top left),
    /// plus one to the right and one row down unless at the panel's edge;
    /// `fx`, `fy` are the weights of the right and lower samples in 1/256.
    struct Sample {
        var source: Int32
        var fx: UInt16
        var fy: UInt16
    }

    let width: Int
    let height: Int
    let bounds: PixelRect
    let sampler: PanelSampler
    private let segments: [Segment]
    private let runs: [Run]
    private let samples: [Sample]
    private let frameWidth: Int

    init(zone: Zone, toProjector: Homography, toTable: Homography, clip: PixelRect, sampler: PanelSampler = .bilinear) {
        let corners = [Point(x: zone.x, y: zone.y), Point(x: zone.x + zone.w, y: zone.y),
                       Point(x: zone.x + zone.w, y: zone.y + zone.h), Point(x: zone.x, y: zone.y + zone.h)].map(toProjector.map)
        func length(_ a: Point, _ b: Point) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }
        // No more panel pixels than the projector has, whatever the calibration makes of the zone.
        let width = Spans.pixel(((length(corners[0], corners[1]) + length(corners[3], corners[2])) / 2).rounded(), 1, 2 * clip.maxX)
        let height = Spans.pixel(((length(corners[0], corners[3]) + length(corners[1], corners[2])) / 2).rounded(), 1, 2 * clip.maxY)
        self.width = width
        self.height = height
        self.sampler = sampler
        let area = Spans(polygons: [corners], clip: clip)
        bounds = area.bounds
        frameWidth = clip.maxX
        var segments: [Segment] = []
        var runs: [Run] = []
        var samples: [Sample] = []
        for run in area.runs {
            for x in run.x0..<run.x1 {
                let table = toTable.map(Point(x: Double(x) + 0.5, y: Double(run.y) + 0.5))
                let uValue = (table.x - zone.x) / zone.w * Double(width), vValue = (table.y - zone.y) / zone.h * Double(height)
                // A pixel whose centre maps outside the panel (at its very edge) shows nothing.
                guard uValue >= 0, vValue >= 0, uValue < Double(width), vValue < Double(height) else { continue }
                switch sampler {
                case .nearest:
                    let source = Int32(Int(vValue) * width + Int(uValue))
                    if let last = segments.last, last.y == Int32(run.y), last.x + last.length == Int32(x),
                       last.source + last.length == source {
                        segments[segments.count - 1].length += 1
                    } else {
                        segments.append(Segment(y: Int32(run.y), x: Int32(x), source: source, length: 1, row: Int32(Int(vValue))))
                    }
                case .bilinear:
                    let sample = Self.sample(u: uValue, v: vValue, width: width, height: height)
                    samples.append(sample)
                    let row = sample.source / Int32(width)
                    if let last = runs.last, last.y == Int32(run.y), last.x + last.length == Int32(x) {
                        runs[runs.count - 1].length += 1
                        runs[runs.count - 1].topRow = min(last.topRow, row)
                    } else {
                        runs.append(Run(y: Int32(run.y), x: Int32(x), first: Int32(samples.count - 1), length: 1, topRow: row))
                    }
                }
            }
        }
        self.segments = segments
        self.runs = runs
        self.samples = samples
    }

    /// The sample at panel position (`u`, `v`) (pixel centres at .5); at the
    /// panel's edges the missing neighbour gets weight 0.
    static func sample(u: Double, v: Double, width: Int, height: Int) -> Sample {
        func axis(_ value: Double, _ size: Int) -> (Int, UInt16) {
            let centred = min(max(value - 0.5, 0), Double(size - 1))
            let low = Int(centred)
            let weight = low >= size - 1 ? 0 : UInt16(((centred - Double(low)) * 256).rounded())
            // A weight of 256 is the next pixel exactly.
            return weight == 256 ? (low + 1, 0) : (low, weight)
        }
        let (x, fx) = axis(u, width), (y, fy) = axis(v, height)
        return Sample(source: Int32(y * width + x), fx: fx, fy: fy)
    }

    /// Warps `content` into `clip` of `frame`. Pixels that take only panel
    /// rows from `blankFrom` down, which hold nothing but the background, are
    /// left alone: the caller has just filled `clip` with the background.
    func warp(_ content: Frame, into frame: inout Frame, clip: PixelRect, blankFrom: Int? = nil) {
        precondition(content.pixels.count >= width * height && frame.pixels.count >= bounds.maxY * frameWidth)
        let blankFrom = Int32(clamping: blankFrom ?? height)
        switch sampler {
        case .nearest: copySegments(content, into: &frame, clip: clip, blankFrom: blankFrom)
        case .bilinear: interpolate(content, into: &frame, clip: clip, blankFrom: blankFrom)
        }
    }

    private func copySegments(_ content: Frame, into frame: inout Frame, clip: PixelRect, blankFrom: Int32) {
        let width = frameWidth
        content.pixels.withUnsafeBufferPointer { from in
            frame.pixels.withUnsafeMutableBufferPointer { to in
                // Segments were checked against the panel's and the frame's size when built.
                let from = from.baseAddress!, to = to.baseAddress!
                for segment in segments where Int(segment.y) >= clip.minY && Int(segment.y) < clip.maxY && segment.row < blankFrom {
                    let start = Int(segment.x), end = start + Int(segment.length)
                    let x0 = max(start, clip.minX), x1 = min(end, clip.maxX)
                    guard x0 < x1 else { continue }
                    (to + Int(segment.y) * width + x0).update(from: from + Int(segment.source) + (x0 - start), count: x1 - x0)
                }
            }
        }
    }

    private func interpolate(_ content: Frame, into frame: inout Frame, clip: PixelRect, blankFrom: Int32) {
        let frameWidth = frameWidth, panelWidth = width
        content.pixels.withUnsafeBufferPointer { from in
            frame.pixels.withUnsafeMutableBufferPointer { to in
                samples.withUnsafeBufferPointer { samples in
                    // Samples were built inside the panel; a neighbour with weight 0 is never read.
                    let from = from.baseAddress!, to = to.baseAddress!, samples = samples.baseAddress!
                    for run in runs where Int(run.y) >= clip.minY && Int(run.y) < clip.maxY && run.topRow < blankFrom {
                        let start = Int(run.x), end = start + Int(run.length)
                        let x0 = max(start, clip.minX), x1 = min(end, clip.maxX)
                        guard x0 < x1 else { continue }
                        let row = to + Int(run.y) * frameWidth
                        var sample = samples + Int(run.first) + (x0 - start)
                        for x in x0..<x1 {
                            row[x] = Self.blend(from, sample.pointee, panelWidth: panelWidth)
                            sample += 1
                        }
                    }
                }
            }
        }
    }

    /// One bilinear pixel. Red and blue are interpolated together in the
    /// 0x00FF00FF lanes, green (and the unused top byte) in the others. A
    /// neighbour with weight 0 is read as the pixel itself (offset 0), so
    /// there is no branch on the edges.
    @inline(__always)
    private static func blend(_ pixels: UnsafePointer<UInt32>, _ sample: Sample, panelWidth: Int) -> UInt32 {
        let topLeft = pixels + Int(sample.source)
        let right = sample.fx == 0 ? 0 : 1, below = sample.fy == 0 ? 0 : panelWidth
        let a = topLeft.pointee, b = topLeft[right], c = topLeft[below], d = topLeft[below + right]
        if a == b && a == c && a == d { return a }
        let fx = UInt32(sample.fx), fy = UInt32(sample.fy)
        @inline(__always) func lerp(_ p: UInt32, _ q: UInt32, _ f: UInt32) -> UInt32 {
            let rb = ((p & 0x00FF_00FF) &* (256 &- f) &+ (q & 0x00FF_00FF) &* f) >> 8 & 0x00FF_00FF
            let g = (((p >> 8) & 0x00FF_00FF) &* (256 &- f) &+ ((q >> 8) & 0x00FF_00FF) &* f) & 0xFF00_FF00
            return rb | g
        }
        return lerp(lerp(a, b, fx), lerp(c, d, fx), fy)
    }
}
