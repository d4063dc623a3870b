import Glibc
import LinuxSystem
import Testing

@Suite("ReadOnlyFile")
struct ReadOnlyFileTests {
    @Test func kindAtPathFollowsLinks() throws {
        let folder = ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        try FileDescriptor.open(folder.path + "/journal.db", flags: O_WRONLY | O_CREAT, mode: 0o600).close()
        #expect(symlink(folder.path + "/journal.db", folder.path + "/link") == 0)
        #expect(mkfifo(folder.path + "/fifo", 0o600) == 0)
        #expect(ReadOnlyFile.kind(atPath: folder.path + "/journal.db") == .regular)
        #expect(ReadOnlyFile.kind(atPath: folder.path + "/link") == .regular)
        #expect(ReadOnlyFile.kind(atPath: folder.path + "/fifo") == .fifo)
        #expect(ReadOnlyFile.kind(atPath: folder.path) == .directory)
        #expect(ReadOnlyFile.kind(atPath: "/dev/null") == .characterDevice)
        #expect(ReadOnlyFile.kind(atPath: folder.path + "/missing") == nil)
    }

    @Test func statusAgreesWithKindAtPath() throws {
        let file = try ReadOnlyFile(path: "/dev/null")
        #expect(try file.status().kind == ReadOnlyFile.kind(atPath: "/dev/null"))
    }
}
