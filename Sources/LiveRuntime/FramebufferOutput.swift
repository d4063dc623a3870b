import Display
import Framebuffer
import StationEngine

/// Pictures on the projector's framebuffer: only the changed rectangle is
/// copied, and the first picture is drawn whole.
public final class FramebufferOutput {
    private let device: FramebufferDevice
    private let renderer: TableRenderer

    public init(device: FramebufferDevice, renderer: TableRenderer) {
        self.device = device
        self.renderer = renderer
    }

    /// Draws the whole picture of `model` (start, or after the device was reset).
    public func showWhole(_ model: DisplayModel) throws {
        renderer.redrawAll(model)
        try device.sink.show(renderer.frame)
    }

    /// Draws what changed; nothing when nothing did.
    public func show(_ model: DisplayModel) throws {
        guard let dirty = renderer.render(model) else { return }
        try device.sink.show(renderer.frame, dirty: dirty)
    }
}
