import Glibc
import LinuxSystem
import Testing

@Suite("DirectoryWatch")
struct DirectoryWatchTests {
    @Test func reportsCreatedChangedAndRemovedNames() throws {
        let folder = ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        let watch = try DirectoryWatch(path: folder.path)
        #expect(try watch.changes() == [])

        let file = try FileDescriptor.open(folder.path + "/event0", flags: O_WRONLY | O_CREAT, mode: 0o600)
        try file.close()
        #expect(chmod(folder.path + "/event0", 0o640) == 0)
        #expect(rename(folder.path + "/event0", folder.path + "/event1") == 0)
        #expect(unlink(folder.path + "/event1") == 0)
        #expect(try watch.changes() == [.created("event0"), .attributes("event0"), .removed("event0"),
                                         .created("event1"), .removed("event1")])
        #expect(try watch.changes() == [])
    }

    @Test func wakesEpoll() throws {
        let folder = ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        let watch = try DirectoryWatch(path: folder.path)
        let epoll = try Epoll()
        try epoll.add(watch.descriptor.rawValue, for: .readable)
        #expect(mkdir(folder.path + "/sub", 0o700) == 0)
        var ready: [Epoll.Ready] = []
        try epoll.wait(timeoutMilliseconds: 5000, into: &ready)
        #expect(ready.map(\.descriptor) == [watch.descriptor.rawValue])
        #expect(try watch.changes() == [.created("sub")])
    }

    @Test func aMissingFolderIsATypedError() {
        #expect(throws: SystemError(call: "inotify_add_watch", errno: ENOENT)) { try DirectoryWatch(path: "/nonexistent/oss-input") }
    }
}
