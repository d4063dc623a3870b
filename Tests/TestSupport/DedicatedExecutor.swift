import Dispatch

/// Runs async test work on a thread of its own instead of Swift's
/// cooperative pool. On a 2-core machine the pool has two threads, and
/// other suites' synchronous tests (devices, processes) can hold both for
/// minutes; a test talking to a server would then wait for a thread, not
/// for the server, and hit its deadlines.
public final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    public init(label: String = "oss.test.dedicated") {
        queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    /// Runs `body` with this executor preferred for it and everything it awaits.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let executor = DedicatedExecutor()
        return try await Task(executorPreference: executor) { try await body() }.value
    }
}
