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
    private var lastDirty: PixelRect?
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

    /// Shows `frame`; `dirty` is what changed since the previous frame (nil: all).
    public func show(_ frame: Frame, dirty: PixelRect? = nil) throws {
        let changed = dirty ?? frame.bounds
        guard let pan, pages >= 2 else {
            layout.pack(frame, rect: changed, into: memory)
            return
        }
        let target = 1 - visiblePage
        // The hidden page missed the previous change too.
        let area = lastDirty.map { changed.union($0) } ?? frame.bounds
        layout.pack(frame, rect: area, into: memory + target * layout.byteCount)
        try pan(target)
        visiblePage = target
        lastDirty = changed
    }

    /// The picture on the visible page, read back (for tests and checks).
    public func visibleFrame() -> Frame {
        layout.unpack(memory + visiblePage * layout.byteCount)
    }
}
