/// What changed in a frame, as a few rectangles rather than their bounding
/// box: a lit bin at one end of the table and the panel at the other are
/// two small areas, and only they are redrawn and copied to the screen.
/// Overlapping rectangles are merged, so no pixel is drawn twice; past
/// `maximumCount` rectangles the region becomes their bounding box.
public struct DirtyRegion: Equatable, Sendable {
    public static let maximumCount = 8

    public private(set) var rects: [PixelRect] = []

    public init() {}

    public init(_ rect: PixelRect) {
        add(rect)
    }

    public var isEmpty: Bool { rects.isEmpty }

    /// The smallest rectangle holding the whole region.
    public var bounds: PixelRect { rects.reduce(PixelRect.empty) { $0.union($1) } }

    /// Pixels in the region.
    public var area: Int { rects.reduce(0) { $0 + $1.width * $1.height } }

    public mutating func add(_ rect: PixelRect) {
        guard !rect.isEmpty else { return }
        var merged = rect
        // A merged rectangle may now overlap one that the new one did not: repeat until none does.
        while let index = rects.firstIndex(where: { $0.intersects(merged) }) {
            merged = merged.union(rects.remove(at: index))
        }
        rects.append(merged)
        if rects.count > Self.maximumCount { rects = [bounds] }
    }
}
