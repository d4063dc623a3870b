import Display
import Foundation
import Framebuffer
import StationModel
import Typesetting

/// vfb (red at bit 0) and bochs-drm's fbdev (red at bit 16): the mode set by
/// the rig's `fbmode`, the project's ioctl path in FramebufferDevice, frames
/// drawn through FramebufferSink and read back from the device node with
/// read(2), decoded with the bitfields the kernel reported, not with
/// PixelLayout. For bochs-drm, what the projector shows (the VGA's video
/// memory) is compared too, through QEMU's screendump (Screendump).
enum FramebufferTests {
    /// Held while the framebuffer tests draw; released at the end (text mode again).
    nonisolated(unsafe) static var console: ConsoleGraphicsMode?

    /// The mode as the kernel reports it (fbmode's answer line).
    struct Mode {
        var width: Int, height: Int, virtualHeight: Int, yOffset: Int, bitsPerPixel: Int, lineLength: Int
        var red: (Int, Int), green: (Int, Int), blue: (Int, Int)

        init(_ line: String) throws {
            let f = fields(line)
            func int(_ key: String) throws -> Int {
                guard let text = f[key], let value = Int(text) else { throw Failure("fbmode gave no \(key): \(line)") }
                return value
            }
            func channel(_ key: String) throws -> (Int, Int) {
                let parts = (f[key] ?? "").split(separator: "/").compactMap { Int($0) }
                guard parts.count == 2 else { throw Failure("fbmode gave no \(key): \(line)") }
                return (parts[0], parts[1])
            }
            width = try int("xres"); height = try int("yres"); virtualHeight = try int("yres_virtual")
            yOffset = try int("yoffset"); bitsPerPixel = try int("bpp"); lineLength = try int("line_length")
            red = try channel("red"); green = try channel("green"); blue = try channel("blue")
        }

        /// The raw pixel the kernel's bitfields give for a colour.
        func raw(_ color: Color) -> UInt32 {
            func part(_ value: UInt8, _ channel: (Int, Int)) -> UInt32 { (UInt32(value) >> UInt32(8 - channel.1)) << UInt32(channel.0) }
            return part(color.r, red) | part(color.g, green) | part(color.b, blue)
        }
    }

    static func mode(_ device: String, set: (Int, Int, Int, Int)? = nil) throws -> Mode {
        let arguments = set.map { [device, "\($0.0)", "\($0.1)", "\($0.2)", "\($0.3)"] } ?? [device]
        return try Mode(runTool("fbmode", arguments))
    }

    /// The fb node whose driver has this name (/sys/class/graphics/fbN/name).
    static func node(named name: String) throws -> String {
        for index in 0..<8 {
            let path = "/sys/class/graphics/fb\(index)/name"
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               text.trimmingCharacters(in: .whitespacesAndNewlines) == name { return "/dev/fb\(index)" }
        }
        throw Failure("no framebuffer named \(name) in /sys/class/graphics")
    }

    /// Reads `page` of the device through read(2) and compares every pixel with `frame`.
    static func compare(_ device: String, _ mode: Mode, page: Int, with frame: Frame) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: device) else { throw Failure("cannot open \(device) for reading") }
        defer { try? handle.close() }
        let pageBytes = mode.lineLength * mode.height
        try handle.seek(toOffset: UInt64(page * pageBytes))
        guard let data = try handle.read(upToCount: pageBytes), data.count == pageBytes else {
            throw Failure("\(device): short read of page \(page)")
        }
        let bytes = mode.bitsPerPixel / 8
        var mismatches = 0, first = ""
        data.withUnsafeBytes { memory in
            for y in 0..<frame.height {
                for x in 0..<frame.width {
                    var value: UInt32 = 0
                    let base = y * mode.lineLength + x * bytes
                    for byte in 0..<bytes { value |= UInt32(memory[base + byte]) << UInt32(8 * byte) }
                    let wanted = mode.raw(frame[x, y])
                    if value != wanted {
                        if mismatches == 0 { first = String(format: "first at (%d,%d): device 0x%08x, frame wants 0x%08x", x, y, value, wanted) }
                        mismatches += 1
                    }
                }
            }
        }
        guard mismatches == 0 else { throw Failure("\(mismatches) of \(frame.width * frame.height) pixels differ; \(first)") }
        return "\(frame.width * frame.height) pixels equal"
    }

    /// fsync(2) on the device: a driver with deferred I/O (bochs-drm's fbdev
    /// emulation) copies its dirty pages to video memory now instead of after
    /// its delay; for other drivers it does nothing.
    static func flush(_ device: String) throws {
        guard let handle = FileHandle(forUpdatingAtPath: device) else { throw Failure("cannot open \(device)") }
        defer { try? handle.close() }
        try handle.synchronize()
    }

    nonisolated(unsafe) private static var screendump: Screendump?

    /// The link to the host's screendump helper, made once.
    static func vram() throws -> Screendump {
        if let screendump { return screendump }
        let made = try Screendump()
        screendump = made
        return made
    }

    /// Every channel value in every channel, and the three primaries, so a
    /// swapped or shifted channel shows at once.
    static func pattern(width: Int, height: Int) -> Frame {
        var frame = Frame(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let v = UInt8((x + y) & 0xFF)
                switch (y * 4) / height {
                case 0: frame[x, y] = Color(v, 0, 0)
                case 1: frame[x, y] = Color(0, v, 0)
                case 2: frame[x, y] = Color(0, 0, v)
                default: frame[x, y] = [Color(255, 0, 0), Color(0, 255, 0), Color(0, 0, 255)][x * 3 / width]
                }
            }
        }
        return frame
    }

    /// The station's logged-out picture from the project's renderer.
    static func stationFrame() throws -> Frame {
        let station = try StationLoader.load(directory: "/rig/stations/fietslamp-1")
        let renderer = try TableRenderer(station: station, fonts: FontLocator.standardFonts())
        renderer.render(DisplayModel())
        let frame = renderer.frame
        let distinct = Set(frame.pixels).count
        try expect(distinct > 4, "the renderer drew only \(distinct) colours")
        return frame
    }

    static func run() {
        var vfb = "", bochs = ""
        Report.test("fb-devices-present") {
            vfb = try node(named: "Virtual FB")
            bochs = try node(named: "bochs-drmdrmfb")
            return "vfb \(vfb), bochs-drm \(bochs)"
        }
        // The kernel's console draws on fb0 (bochs-drm) while its terminal is
        // in text mode: the blinking cursor repaints an 8x16 cell every 200 ms.
        // oss run's FramebufferOutput holds the terminal in graphics mode
        // (Framebuffer.ConsoleGraphicsMode); these tests hold it the same way.
        Report.test("fb-console-in-graphics-mode") {
            console = try ConsoleGraphicsMode()
            let answer = try runTool("vtmode", ["get"]).trimmingCharacters(in: .whitespacesAndNewlines)
            try expect(answer == "ok mode=graphics", "vtmode: \(answer)")
            return "ConsoleGraphicsMode: KDSETMODE KD_GRAPHICS on /dev/tty0; KDGETMODE reads graphics"
        }
        Report.test("fb-vfb-8bpp-refused") {
            let before = try mode(vfb)
            try expect(before.bitsPerPixel == 8, "vfb starts at \(before.bitsPerPixel) bpp, expected its 8 bpp default")
            do {
                _ = try FramebufferDevice(path: vfb, expected: (before.width, before.height))
                throw Failure("FramebufferDevice accepted an 8 bpp pseudocolour mode")
            } catch let error as FramebufferDevice.OpenError {
                guard case .unsupported = error else { throw Failure("wrong refusal: \(error)") }
                return "\(error)"
            }
        }
        Report.test("fb-vfb-resolution-refused") {
            let set = try mode(vfb, set: (1280, 800, 800, 32))
            do {
                _ = try FramebufferDevice(path: vfb, expected: (1024, 768))
                throw Failure("FramebufferDevice accepted 1280x800 for a 1024x768 projector")
            } catch let error as FramebufferDevice.OpenError {
                guard case .resolutionMismatch = error else { throw Failure("wrong refusal: \(error)") }
                try expect("\(error)".contains("1280x800"), "message does not name the device's mode: \(error)")
                return "\(set.width)x\(set.height): \(error)"
            }
        }
        for bpp in [32, 24, 16] {
            Report.test("fb-vfb-\(bpp)bpp-red-at-0-pattern") {
                let m = try mode(vfb, set: (1280, 800, 800, bpp))
                try expect(m.bitsPerPixel == bpp, "driver chose \(m.bitsPerPixel) bpp")
                try expect(m.red.0 == 0, "vfb red is at bit \(m.red.0), expected 0")
                let device = try FramebufferDevice(path: vfb, expected: (1280, 800))
                try expect(device.layout.red.offset == m.red.0 && device.layout.blue.offset == m.blue.0,
                           "FramebufferDevice layout \(device.layout) differs from the kernel's")
                let frame = pattern(width: 1280, height: 800)
                try device.sink.show(frame)
                // A 16 bpp device keeps fewer bits: compare with what the kernel's bitfields keep.
                return "red \(m.red) green \(m.green) blue \(m.blue): " + (try compare(vfb, m, page: 0, with: frame))
            }
        }
        Report.test("fb-vfb-32bpp-station-frame-double-buffered") {
            var m = try mode(vfb, set: (1280, 800, 1600, 32))
            try expect(m.virtualHeight == 1600, "vfb gave yres_virtual \(m.virtualHeight)")
            let device = try FramebufferDevice(path: vfb, expected: (1280, 800))
            try expect(device.sink.isDoubleBuffered, "sink is not double-buffered on a 2-page virtual screen")
            let first = try stationFrame()
            try device.sink.show(first)
            m = try mode(vfb)
            let firstPage = m.yOffset / 800
            _ = try compare(vfb, m, page: firstPage, with: first)
            let second = pattern(width: 1280, height: 800)
            try device.sink.show(second)
            m = try mode(vfb)
            let secondPage = m.yOffset / 800
            try expect(secondPage != firstPage, "FBIOPAN_DISPLAY did not move: yoffset \(m.yOffset) both times")
            _ = try compare(vfb, m, page: secondPage, with: second)
            try expect(device.sink.visibleFrame() == second, "visibleFrame() is not the shown frame")
            return "station frame on page \(firstPage), pattern on page \(secondPage) after pan; both read back equal"
        }
        Report.test("fb-bochs-32bpp-red-at-16-station-frame") {
            let m = try mode(bochs)
            try expect(m.red.0 == 16 && m.blue.0 == 0, "bochs red at \(m.red.0), blue at \(m.blue.0); expected 16 and 0")
            let device = try FramebufferDevice(path: bochs, expected: (1280, 800))
            let frame = try stationFrame()
            try device.sink.show(frame)
            // No fsync: deferred I/O must bring the frame to video memory by
            // itself, and nothing may draw over it while it stands.
            Thread.sleep(forTimeInterval: 1)
            let read = try compare(bochs, m, page: 0, with: frame)
            let shown = try vram().check("bochs-station-frame", frame)
            return "\(m.width)x\(m.height) red \(m.red), after 1 s: read(2) \(read); \(shown)"
        }
        Report.test("fb-bochs-pattern-then-dirty-rectangle") {
            let m = try mode(bochs)
            let device = try FramebufferDevice(path: bochs, expected: (1280, 800))
            var frame = pattern(width: 1280, height: 800)
            try device.sink.show(frame)
            try flush(bochs)
            let throughMapping = device.sink.visibleFrame().difference(from: frame)
            do { _ = try compare(bochs, m, page: 0, with: frame) } catch {
                throw Failure("\(error); through the mapping: \(throughMapping.map { "differs in \($0)" } ?? "equal")")
            }
            _ = try vram().check("bochs-pattern", frame)
            let rect = PixelRect(minX: 100, minY: 50, maxX: 400, maxY: 300)
            frame.fill(rect, with: Color(12, 200, 77))
            try device.sink.show(frame, changed: DirtyRegion(rect))
            try flush(bochs)
            let read = try compare(bochs, m, page: 0, with: frame)
            let shown = try vram().check("bochs-dirty-rectangle", frame)
            return "pattern, then a dirty rectangle: read(2) \(read); \(shown); the pattern's screendump was equal too"
        }
        Report.test("fb-console-back-to-text-mode") {
            guard let held = console else { throw Failure("the console was never switched to graphics mode") }
            held.release()
            console = nil
            let answer = try runTool("vtmode", ["get"]).trimmingCharacters(in: .whitespacesAndNewlines)
            try expect(answer == "ok mode=text", "vtmode: \(answer)")
            return "released: KDGETMODE reads text (a stopped station shows its console again)"
        }
    }
}
