#if canImport(Glibc)
import Glibc
#endif

/// The errno values that callers outside this module act on, so that they
/// can tell "nothing now" from "gone" without importing libc.
public enum ErrorNumber {
    /// EAGAIN: a non-blocking call has nothing now.
    public static let tryAgain = EAGAIN
    /// EINTR: a signal interrupted the call; it is repeated.
    public static let interrupted = EINTR
    /// ENODEV: the device went away.
    public static let noDevice = ENODEV
}
