import Logging
import SiteStore

/// Runs the async site work of a command on the command's thread, which
/// waits for it (the commands themselves are synchronous).
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    try SiteWaiting.wait(body)
}

/// The site's address from `--postgres`, or a usage error in our words.
func siteAddress(_ url: String) throws -> SiteAddress {
    do { return try SiteAddress(url) } catch {
        throw CommandFailure("error: --postgres: \(error.description)")
    }
}

/// Site log lines (retries, refused level changes) on standard error.
func siteLogger(_ label: String) -> Logger {
    var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .notice
    return logger
}
