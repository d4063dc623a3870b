import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// Signals read from a descriptor (signalfd) instead of delivered to a
/// handler, so that a stop request is one more event of the loop.
public final class SignalDescriptor: @unchecked Sendable {
    public let descriptor: FileDescriptor
    public let signals: [Int32]

    /// Blocks `signals` in the calling thread first. Call it before any
    /// thread is started, so that every thread inherits the mask and the
    /// signals can reach only this descriptor.
    public init(signals: [Int32]) throws(SystemError) {
        self.signals = signals
        var set = Self.set(of: signals)
        let status = pthread_sigmask(SIG_BLOCK, &set, nil)
        if status != 0 { throw SystemError(call: "pthread_sigmask", errno: status) }
        descriptor = FileDescriptor(owning: try SystemCall.run("signalfd") {
            signalfd(-1, &set, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
        })
    }

    private static func set(of signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }

    /// The signals received since the last call, oldest first.
    public func take() throws(SystemError) -> [Int32] {
        var received: [Int32] = []
        while let info = try descriptor.readValue(signalfd_siginfo.self, call: "read(signalfd)") {
            received.append(Int32(bitPattern: info.ssi_signo))
        }
        return received
    }
}
