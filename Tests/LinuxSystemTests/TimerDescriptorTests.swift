import LinuxSystem
import Testing

@Suite("TimerDescriptor")
struct TimerDescriptorTests {
    @Test func firesOnceAfterItsTimeAndWakesEpoll() throws {
        let timer = try TimerDescriptor()
        let epoll = try Epoll()
        try epoll.add(timer.descriptor.rawValue, for: .readable)
        #expect(try timer.acknowledge() == 0)
        let start = SystemClock.shared.monotonicMicros()
        try timer.arm(afterMicroseconds: 1000)
        var ready: [Epoll.Ready] = []
        try epoll.wait(timeoutMilliseconds: 5000, into: &ready)
        #expect(ready.map(\.descriptor) == [timer.descriptor.rawValue])
        #expect(SystemClock.shared.monotonicMicros() - start >= 1000)
        #expect(try timer.acknowledge() >= 1)
        #expect(try timer.acknowledge() == 0)   // one-shot: nothing more
    }

    @Test func disarmedItStaysQuiet() throws {
        let timer = try TimerDescriptor()
        let epoll = try Epoll()
        try epoll.add(timer.descriptor.rawValue, for: .readable)
        try timer.arm(afterMicroseconds: 1000)
        // Disarming also drops an expiry that happened in between.
        try timer.disarm()
        var ready: [Epoll.Ready] = []
        try epoll.wait(timeoutMilliseconds: 30, into: &ready)
        #expect(ready.isEmpty)
        #expect(try timer.acknowledge() == 0)
    }

    @Test func zeroOrNegativeWaitsStillFire() throws {
        // Zero would disarm a timerfd; arm makes it the shortest wait instead.
        let timer = try TimerDescriptor()
        let epoll = try Epoll()
        try epoll.add(timer.descriptor.rawValue, for: .readable)
        try timer.arm(afterMicroseconds: -5)
        var ready: [Epoll.Ready] = []
        try epoll.wait(timeoutMilliseconds: 5000, into: &ready)
        #expect(ready.count == 1)
        #expect(try timer.acknowledge() == 1)
    }
}
