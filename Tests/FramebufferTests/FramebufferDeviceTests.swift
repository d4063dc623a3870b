import Glibc
@testable import Framebuffer
import LinuxSystem
import Testing

@Suite("FramebufferDevice")
struct FramebufferDeviceTests {
    @Test func missingDeviceIsATypedError() {
        #expect {
            _ = try FramebufferDevice(path: "/nonexistent/fb9", expected: (640, 480))
        } throws: { error in
            guard case let .system(path, systemError)? = error as? FramebufferDevice.OpenError else { return false }
            return path == "/nonexistent/fb9" && systemError.call == "open" && systemError.errno == ENOENT
        }
    }

    @Test func aRegularFileIsNotAFramebuffer() throws {
        let buffer = FileBackedBuffer(length: 4096)
        #expect {
            _ = try FramebufferDevice(path: buffer.path, expected: (640, 480))
        } throws: { error in
            guard case let .system(_, systemError)? = error as? FramebufferDevice.OpenError else { return false }
            return systemError.call == "FBIOGET_VSCREENINFO" && systemError.errno == ENOTTY
        }
    }
}
