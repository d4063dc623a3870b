import CLinuxFB
import Display
import LinuxSystem

/// A Linux framebuffer device (`/dev/fbN`): its geometry from
/// FBIOGET_VSCREENINFO/FBIOGET_FSCREENINFO, mapped into memory.
public final class FramebufferDevice {
    public enum OpenError: Error, CustomStringConvertible {
        case system(path: String, SystemError)
        case unsupported(path: String, reason: String)
        case resolutionMismatch(path: String, device: (Int, Int), station: (Int, Int))

        public var description: String {
            switch self {
            case let .system(path, error): "\(path): \(error)"
            case let .unsupported(path, reason): "\(path): unsupported pixel format: \(reason)"
            case let .resolutionMismatch(path, device, station):
                "\(path) is \(device.0)x\(device.1) but the station's projector is \(station.0)x\(station.1); "
                    + "set the display mode or fix projector.width/height"
            }
        }
    }

    public let path: String
    public let layout: PixelLayout
    public let sink: FramebufferSink
    private let descriptor: FileDescriptor
    private let mapping: MemoryMapping

    /// Opens `path`; refuses a resolution other than `expected` (width, height).
    public init(path: String, expected: (Int, Int)) throws(OpenError) {
        self.path = path
        let fd: FileDescriptor
        do { fd = try FileDescriptor.open(path, .readWrite) } catch { throw .system(path: path, error) }
        var variable = fb_var_screeninfo()
        var fixed = fb_fix_screeninfo()
        do {
            try fd.control(UInt(FBIOGET_VSCREENINFO), &variable, name: "FBIOGET_VSCREENINFO")
            try fd.control(UInt(FBIOGET_FSCREENINFO), &fixed, name: "FBIOGET_FSCREENINFO")
        } catch {
            throw .system(path: path, error)
        }
        let layout = PixelLayout(
            width: Int(variable.xres), height: Int(variable.yres), bitsPerPixel: Int(variable.bits_per_pixel),
            lineLength: Int(fixed.line_length),
            red: .init(offset: Int(variable.red.offset), length: Int(variable.red.length)),
            green: .init(offset: Int(variable.green.offset), length: Int(variable.green.length)),
            blue: .init(offset: Int(variable.blue.offset), length: Int(variable.blue.length)))
        if let reason = layout.unsupportedReason {
            throw .unsupported(path: path, reason: reason)
        }
        guard layout.width == expected.0, layout.height == expected.1 else {
            throw .resolutionMismatch(path: path, device: (layout.width, layout.height), station: expected)
        }
        let pages = variable.yres_virtual >= 2 * variable.yres && variable.xoffset == 0 ? 2 : 1
        let length = max(Int(fixed.smem_len), layout.byteCount * pages)
        do { mapping = try MemoryMapping(descriptor: fd, byteCount: length) } catch { throw .system(path: path, error) }
        descriptor = fd
        self.layout = layout
        var panInfo = variable
        let height = layout.height
        sink = FramebufferSink(mapping: mapping, layout: layout, pages: pages, pan: pages < 2 ? nil : { page in
            panInfo.yoffset = UInt32(page * height)
            try fd.control(UInt(FBIOPAN_DISPLAY), &panInfo, name: "FBIOPAN_DISPLAY")
        })
    }
}
