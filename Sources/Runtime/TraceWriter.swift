#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes trace lines to a file or standard output through stdio buffering.
/// Lines are flushed at `flush()` and when closed; a line is never written
/// before the journal holds what it reports (the simulation's order).
public final class TraceWriter {
    private let file: UnsafeMutablePointer<FILE>
    private let owned: Bool

    public struct OpenError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write trace \(path): \(reason)" }
    }

    /// `-` is standard output.
    public init(path: String) throws(OpenError) {
        if path == "-" {
            guard let handle = fdopen(STDOUT_FILENO, "w") else {
                throw OpenError(path: path, reason: String(cString: strerror(errno)))
            }
            file = handle
            owned = false
        } else {
            guard let handle = fopen(path, "w") else {
                throw OpenError(path: path, reason: String(cString: strerror(errno)))
            }
            file = handle
            owned = true
        }
    }

    public func write(_ line: String) {
        fputs(line, file)
        fputc(0x0A, file)
    }

    public func flush() { fflush(file) }

    public func close() {
        fflush(file)
        if owned { fclose(file) }
    }
}
