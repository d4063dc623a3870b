import Glibc
import LinuxSystem
import Testing

@Suite("DirectoryListing")
struct DirectoryListingTests {
    @Test func listsNamesWithoutDots() throws {
        let folder = ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        #expect(try DirectoryListing.names(in: folder.path) == [])
        for name in ["event1", "event10", "mouse0"] {
            try FileDescriptor.open(folder.path + "/" + name, flags: O_WRONLY | O_CREAT, mode: 0o600).close()
        }
        #expect(mkdir(folder.path + "/by-id", 0o700) == 0)
        #expect(try DirectoryListing.names(in: folder.path).sorted() == ["by-id", "event1", "event10", "mouse0"])
    }

    @Test func failuresAreTyped() throws {
        #expect(throws: SystemError(call: "opendir", errno: ENOENT)) { try DirectoryListing.names(in: "/nonexistent/oss") }
        #expect(throws: SystemError(call: "opendir", errno: ENOTDIR)) { try DirectoryListing.names(in: "/dev/null") }
    }
}
