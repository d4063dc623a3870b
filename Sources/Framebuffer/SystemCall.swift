#if canImport(Glibc)
import Glibc
#endif

/// An operating-system call that failed, with its errno.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    public var call: String
    public var errno: Int32
    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

/// The one place that calls into the C library for this module: retries on
/// EINTR and turns -1/errno into a typed error.
enum SystemCall {
    @discardableResult
    static func run(_ name: String, _ body: () -> Int32) throws(SystemError) -> Int32 {
        while true {
            let result = body()
            if result != -1 { return result }
            if errno == EINTR { continue }
            throw SystemError(call: name, errno: errno)
        }
    }
}
