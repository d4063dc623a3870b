import Display
import Framebuffer
import StationEngine

/// Pictures on the projector's framebuffer: only the changed rectangle is
/// copied, and the first picture is drawn whole. The text console is kept
/// off the picture while the station runs (`ConsoleGraphicsMode`).
public final class FramebufferOutput {
    private let device: FramebufferDevice
    private let renderer: TableRenderer
    private let console: ConsoleGraphicsMode?
    /// Why the console could not be switched to graphics mode (not on a virtual terminal, no permission).
    public let consoleNote: String?

    public init(device: FramebufferDevice, renderer: TableRenderer, console path: String? = "/dev/tty0") {
        self.device = device
        self.renderer = renderer
        var note: String?
        var console: ConsoleGraphicsMode?
        if let path {
            do { console = try ConsoleGraphicsMode(path: path) } catch {
                note = "the text console stays in text mode (\(path): \(error.reason)); its cursor may show on the projector"
            }
        }
        self.console = console
        consoleNote = note
    }

    /// Draws the whole picture of `model` (start, or after the device was reset).
    public func showWhole(_ model: DisplayModel) throws {
        renderer.redrawAll(model)
        try device.sink.show(renderer.frame)
    }

    /// Draws what changed; nothing when nothing did.
    public func show(_ model: DisplayModel) throws {
        guard let dirty = renderer.render(model) else { return }
        try device.sink.show(renderer.frame, changed: dirty)
    }
}
