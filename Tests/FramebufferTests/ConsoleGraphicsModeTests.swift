import Foundation
import Framebuffer
import LinuxSystem
import Testing

@Suite("ConsoleGraphicsMode")
struct ConsoleGraphicsModeTests {
    @Test func aFileThatIsNotATerminalIsATypedErrorNamingTheCall() throws {
        let path = NSTemporaryDirectory() + "oss-not-a-tty-\(UUID().uuidString)"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try ConsoleGraphicsMode(path: path)
            Issue.record("a regular file accepted KDSETMODE")
        } catch {
            #expect(error.call == "KDSETMODE")
            #expect(error.errno == ENOTTY)
        }
    }

    @Test func aMissingTerminalIsATypedError() {
        #expect(throws: SystemError.self) { _ = try ConsoleGraphicsMode(path: "/nonexistent/tty0") }
    }
}
