import Glibc
import LinuxSystem
import Testing

/// The signals are raised at the calling thread (raise), where they are
/// blocked, so no other thread of the test process ever sees them. The test
/// functions are synchronous: they run on one thread from start to end.
@Suite("SignalDescriptor")
struct SignalDescriptorTests {
    @Test func aBlockedSignalIsReadFromTheDescriptor() throws {
        let signals = try SignalDescriptor(signals: [ProcessSignal.user1, ProcessSignal.user2])
        defer { unblock(signals) }
        #expect(try signals.take() == [])
        #expect(raise(SIGUSR2) == 0)
        #expect(raise(SIGUSR1) == 0)
        // Pending signals are handed out lowest number first.
        #expect(try signals.take() == [SIGUSR1, SIGUSR2])
        #expect(try signals.take() == [])
    }

    @Test func itWakesEpoll() throws {
        let signals = try SignalDescriptor(signals: [ProcessSignal.user1])
        defer { unblock(signals) }
        let epoll = try Epoll()
        try epoll.add(signals.descriptor.rawValue, for: .readable)
        #expect(raise(SIGUSR1) == 0)
        var ready: [Epoll.Ready] = []
        try epoll.wait(timeoutMilliseconds: 5000, into: &ready)
        #expect(ready.map(\.descriptor) == [signals.descriptor.rawValue])
        #expect(try signals.take() == [SIGUSR1])
    }

    /// Leaves the test's thread as it found it. A signal still pending (a
    /// failed expectation) is taken first: unblocked, it would end the process.
    private func unblock(_ signals: SignalDescriptor) {
        _ = try? signals.take()
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals.signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
