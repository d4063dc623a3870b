import Foundation
import LinuxSystem
import Testing

@Suite("EventDescriptor")
struct EventDescriptorTests {
    @Test func aSignalFromAnotherThreadWakesEpoll() throws {
        let event = try EventDescriptor()
        let epoll = try Epoll()
        try epoll.add(event.descriptor.rawValue, for: .readable)
        let sent = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? event.signal()
            sent.signal()
        }
        thread.start()
        var ready: [Epoll.Ready] = []
        try epoll.wait(timeoutMilliseconds: 5000, into: &ready)
        #expect(ready.map(\.descriptor) == [event.descriptor.rawValue])
        sent.wait()
        #expect(try event.acknowledge() == 1)
        #expect(try event.acknowledge() == 0)
    }

    @Test func signalsAddUpUntilAcknowledged() throws {
        let event = try EventDescriptor()
        try event.signal()
        try event.signal()
        try event.signal()
        #expect(try event.acknowledge() == 3)
    }
}
