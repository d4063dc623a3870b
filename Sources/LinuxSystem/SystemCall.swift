#if canImport(Glibc)
import Glibc
#endif

/// An operating-system call that failed, with its errno.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }
    public var description: String { "\(call): \(reason)" }

    /// The errno's text alone, e.g. "Permission denied", for messages that name the file themselves.
    public var reason: String { Self.reason(errno) }

    /// The C library's text for an errno.
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// The one place that calls into the C library for oss's device modules:
/// retries on EINTR and turns -1/errno into a typed error.
public enum SystemCall {
    @discardableResult
    public static func run(_ name: String, _ body: () -> Int32) throws(SystemError) -> Int32 {
        while true {
            let result = body()
            if result != -1 { return result }
            if errno == EINTR { continue }
            throw SystemError(call: name, errno: errno)
        }
    }
}

extension SystemCall {
    /// For C functions that return a negative errno instead of setting errno
    /// (libevdev, libusb-style): retries -EINTR, throws other negatives.
    @discardableResult
    public static func runNegativeErrno(_ name: String, _ body: () -> Int32) throws(SystemError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            if result == -EINTR { continue }
            throw SystemError(call: name, errno: -result)
        }
    }
}

extension SystemCall {
    /// Writes all of `bytes` to `descriptor`: retries EINTR and continues
    /// after short writes, so callers hand over whole lines or buffers.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written >= 0 {
                offset += written
            } else if errno != EINTR {
                throw SystemError(call: "write", errno: errno)
            }
        }
    }
}
