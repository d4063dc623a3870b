import Glibc
import LinuxSystem
import Testing

@Suite("Epoll")
struct EpollTests {
    @Test func reportsAReadablePipeUntilRemoved() throws {
        let epoll = try Epoll()
        let pipe = PipeFixture()
        var ready: [Epoll.Ready] = []
        try epoll.add(pipe.reader.rawValue, for: .readable)
        try epoll.wait(timeoutMilliseconds: 0, into: &ready)
        #expect(ready.isEmpty)

        try pipe.write("x")
        try epoll.wait(timeoutMilliseconds: 1000, into: &ready)
        #expect(ready.map(\.descriptor) == [pipe.reader.rawValue])
        #expect(ready.map(\.events.rawValue) == [Epoll.Events.readable.rawValue])

        try epoll.remove(pipe.reader.rawValue)
        try epoll.wait(timeoutMilliseconds: 0, into: &ready)
        #expect(ready.isEmpty)
        try epoll.remove(pipe.reader.rawValue)   // already forgotten: not an error
    }

    @Test func modifyChangesWhatIsWatched() throws {
        let epoll = try Epoll()
        let pipe = PipeFixture()
        var ready: [Epoll.Ready] = []
        try epoll.add(pipe.writer.rawValue, for: .readable)
        try epoll.wait(timeoutMilliseconds: 0, into: &ready)
        #expect(ready.isEmpty)
        try epoll.modify(pipe.writer.rawValue, for: .writable)
        try epoll.wait(timeoutMilliseconds: 1000, into: &ready)
        #expect(ready.map(\.descriptor) == [pipe.writer.rawValue])
        #expect(ready.first?.events.contains(.writable) == true)
    }

    @Test func hangUpIsReportedWhenTheWriterCloses() throws {
        let epoll = try Epoll()
        let pipe = PipeFixture()
        var ready: [Epoll.Ready] = []
        try epoll.add(pipe.reader.rawValue, for: .readable)
        try pipe.writer.close()
        try epoll.wait(timeoutMilliseconds: 1000, into: &ready)
        #expect(ready.first?.events.contains(.hangUp) == true)
    }

    @Test func failuresAreTyped() throws {
        let epoll = try Epoll()
        let pipe = PipeFixture()
        try epoll.add(pipe.reader.rawValue, for: .readable)
        #expect(throws: SystemError(call: "epoll_ctl(ADD)", errno: EEXIST)) { try epoll.add(pipe.reader.rawValue, for: .readable) }
        #expect(throws: SystemError(call: "epoll_ctl(MOD)", errno: ENOENT)) { try epoll.modify(pipe.writer.rawValue, for: .writable) }
    }
}
