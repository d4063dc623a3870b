#if canImport(Glibc)
import Glibc
#endif

/// What the process has used so far (getrusage), for `oss bench`'s report.
public struct ResourceUsage: Sendable, Equatable {
    /// The largest resident set the process had, in bytes.
    public var peakResidentBytes: Int64

    /// The figures of the calling process.
    public static func ofProcess() throws(SystemError) -> ResourceUsage {
        var usage = rusage()
        try SystemCall.run("getrusage") { getrusage(RUSAGE_SELF.rawValue, &usage) }
        // Linux gives ru_maxrss in KiB.
        return ResourceUsage(peakResidentBytes: Int64(usage.ru_maxrss) * 1024)
    }
}
