import CLinuxFB
import LinuxSystem

/// Keeps the kernel's text console off the projector: while the virtual
/// terminal is in graphics mode (KDSETMODE KD_GRAPHICS) fbcon draws neither
/// its text nor its blinking cursor into the framebuffer oss draws on (the
/// kernel tests found the cursor in the picture). Text mode comes back when
/// this is released, so a stopped station shows its console again.
public final class ConsoleGraphicsMode {
    public let path: String
    private let terminal: FileDescriptor
    private var released = false

    /// Switches the terminal at `path` (the active one: `/dev/tty0`) to graphics mode.
    public init(path: String = "/dev/tty0") throws(SystemError) {
        self.path = path
        terminal = try FileDescriptor.open(path, .readWrite, options: [.noControllingTerminal])
        try Self.set(terminal, mode: KD_GRAPHICS)
    }

    /// Back to text mode; also done when this object goes away.
    public func release() {
        guard !released else { return }
        released = true
        try? Self.set(terminal, mode: KD_TEXT)
    }

    deinit { release() }

    /// KDSETMODE takes the mode as the argument's value, not through a pointer.
    private static func set(_ terminal: FileDescriptor, mode: Int32) throws(SystemError) {
        try terminal.control(UInt(KDSETMODE), UnsafeMutableRawPointer(bitPattern: Int(mode)), name: "KDSETMODE")
    }
}
