import Display
import LinuxSystem

/// Shows frames in a mapped framebuffer. When the virtual screen holds two
/// pages it draws into the hidden one and pans to it (no tearing); otherwise
/// it copies the changed rectangle into the visible page. The mapping may be
/// a real `/dev/fbN` or, in tests, a file.
public final class FramebufferSink {
    public let layout: PixelLayout
    private let memory: UnsafeMutableRawPointer
    private let pages: Int
    /// Pans the display to page `n`; nil when there is one page.
    private let pan: ((Int) throws -> Void)?
    public private(set) var visiblePage = 0
    /// What changed on the screen before the last show, which the other page lacks.
    private var lastChanged: DirtyRegion?
    /// The mapping behind `memory` when the sink was given one: kept mapped while the sink lives.
    private let mapping: MemoryMapping?

    /// `memory` holds `pages × layout.byteCount` bytes and stays valid while the sink is used.
    public init(memory: UnsafeMutableRawPointer, layout: PixelLayout, pages: Int, pan: ((Int) throws -> Void)?) {
        self.memory = memory
        self.layout = layout
        self.pages = pan == nil ? 1 : max(1, pages)
        self.pan = pan
        mapping = nil
    }

    /// Draws into `mapping`, which holds `pages × layout.byteCount` bytes and
    /// stays mapped as long as the sink lives.
    public init(mapping: MemoryMapping, layout: PixelLayout, pages: Int, pan: ((Int) throws -> Void)?) {
        memory = mapping.memory
        self.layout = layout
        self.pages = pan == nil ? 1 : max(1, pages)
        self.pan = pan
        self.mapping = mapping
    }

    public var isDoubleBuffered: Bool { pages >= 2 }

    /// Shows `frame`; `changed` is what changed since the previous frame (nil: all).
    /// Only those rectangles are copied, not their bounding box.
    public func show(_ frame: Frame, changed: DirtyRegion? = nil) throws {
        let changed = changed ?? DirtyRegion(frame.bounds)
        guard let pan, pages >= 2 else {
            for rect in changed.rects { layout.pack(frame, rect: rect, into: memory) }
            return
        }
        let target = 1 - visiblePage
        // The hidden page missed the previous change too.
        var area = changed
        if let lastChanged { for rect in lastChanged.rects { area.add(rect) } } else { area = DirtyRegion(frame.bounds) }
        for rect in area.rects { layout.pack(frame, rect: rect, into: memory + target * layout.byteCount) }
        try pan(target)
        visiblePage = target
        lastChanged = changed
    }

    /// The picture on the visible page, read back (for tests and checks).
    public func visibleFrame() -> Frame {
        layout.unpack(memory + visiblePage * layout.byteCount)
    }
}
