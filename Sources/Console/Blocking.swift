import NIOPosix

/// Runs blocking work (SQLite, bcrypt) on NIO's thread pool, never on the
/// event loops or Swift's cooperative threads, so one slow export does not
/// stall the other requests or the live stations page.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
