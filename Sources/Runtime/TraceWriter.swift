import LinuxSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes trace lines to a file or standard output. Lines collect in a
/// buffer that goes out with write(2) in whole lines only, when it passes
/// 64 KiB and at `flush()`/`close()`: a killed run leaves a trace of
/// complete lines (barring a kill inside the write call itself), and a line
/// is never written before the journal holds what it reports (the
/// simulation's order).
public final class TraceWriter {
    private let descriptor: Int32
    private let owned: Bool
    private var buffer: [UInt8] = []
    private static let flushSize = 1 << 16

    public struct OpenError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write trace \(path): \(reason)" }
    }

    /// `-` is standard output.
    public init(path: String) throws(OpenError) {
        if path == "-" {
            descriptor = STDOUT_FILENO
            owned = false
        } else {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw OpenError(path: path, reason: String(cString: strerror(errno))) }
            descriptor = fd
            owned = true
        }
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    public func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= Self.flushSize { flush() }
    }

    /// Writes what is buffered (whole lines; a failed write loses them, as stdio would).
    public func flush() {
        buffer.withUnsafeBytes { bytes in try? SystemCall.writeAll(descriptor, bytes) }
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() {
        flush()
        if owned { Glibc.close(descriptor) }
    }
}
