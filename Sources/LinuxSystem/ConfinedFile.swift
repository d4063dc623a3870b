#if canImport(Glibc)
import Glibc
#endif

/// Why a file inside a folder could not be opened for reading.
public enum ConfinedFileError: Error, Equatable, Sendable {
    /// Absolute, empty, or with a `..` component.
    case outside
    case notFound
    /// A component (named) is a symbolic link.
    case symbolicLink(component: String)
    /// A component on the way (named) is not a folder.
    case notAFolder(component: String)
    /// The file is a folder, device, FIFO or socket.
    case notRegular
    /// The file holds `size` bytes, more than the caller allows.
    case tooLarge(size: Int, limit: Int)
    case system(SystemError)
}

/// Opens files below a folder without ever leaving it: every component is
/// opened with `openat(O_NOFOLLOW)`, so no symbolic link is followed (a link
/// to /etc/shadow is refused, not opened), `..` and absolute paths are
/// refused, and only regular files are returned. Sizes come from `fstat` on
/// the opened descriptor, so what is checked is what is read.
public enum ConfinedFile {
    /// An open regular file; close it with `close()`.
    public struct Handle: ~Copyable {
        public let descriptor: Int32
        public let size: Int

        /// Reads at most `count` bytes from the current offset.
        public func read(upTo count: Int) throws(ConfinedFileError) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, count - filled) }
                if got == 0 { break }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw .system(SystemError(call: "read", errno: errno))
                }
                filled += got
            }
            bytes.removeSubrange(filled...)
            return bytes
        }

        /// Gives up the descriptor to a caller that closes it (`fdopen`).
        public consuming func release() -> Int32 {
            let descriptor = self.descriptor
            discard self
            return descriptor
        }

        deinit { Glibc.close(descriptor) }
    }

    /// Opens `relative` (such as `media/step.png`) below `folder` for reading.
    /// `folder` itself may be reached through links; nothing below it may.
    public static func open(_ relative: String, inside folder: String) throws(ConfinedFileError) -> Handle {
        let components = relative.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !relative.hasPrefix("/"), !components.isEmpty, !components.contains("..") else { throw .outside }
        var current = try openDescriptor(AT_FDCWD, folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY, name: folder)
        for (index, component) in components.enumerated() {
            let last = index == components.count - 1
            // O_NONBLOCK: opening a FIFO must not wait for a writer.
            let flags = last ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK : O_RDONLY | O_DIRECTORY | O_NOFOLLOW
            let next: Int32
            do {
                next = try openDescriptor(current, String(component), flags, name: String(component))
            } catch {
                Glibc.close(current)
                throw error
            }
            Glibc.close(current)
            current = next
        }
        var status = stat()
        guard fstat(current, &status) == 0 else {
            let error = SystemError(call: "fstat", errno: errno)
            Glibc.close(current)
            throw .system(error)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            Glibc.close(current)
            throw .notRegular
        }
        return Handle(descriptor: current, size: Int(status.st_size))
    }

    /// The whole of a regular file below `folder`, refused unopened beyond
    /// `limit` bytes (and never more than `limit` bytes read if it grows).
    public static func read(_ relative: String, inside folder: String, limit: Int) throws(ConfinedFileError) -> [UInt8] {
        let handle = try open(relative, inside: folder)
        guard handle.size <= limit else { throw .tooLarge(size: handle.size, limit: limit) }
        let bytes = try handle.read(upTo: limit + 1)
        guard bytes.count <= limit else { throw .tooLarge(size: bytes.count, limit: limit) }
        return bytes
    }

    private static func openDescriptor(_ directory: Int32, _ path: String, _ flags: Int32, name: String) throws(ConfinedFileError) -> Int32 {
        while true {
            let descriptor = openat(directory, path, flags | O_CLOEXEC)
            if descriptor >= 0 { return descriptor }
            switch errno {
            case EINTR: continue
            case ENOENT: throw .notFound
            case ELOOP: throw .symbolicLink(component: name)
            case ENOTDIR:
                // O_DIRECTORY|O_NOFOLLOW on a link to a folder also says ENOTDIR.
                var status = stat()
                if fstatat(directory, path, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFLNK {
                    throw .symbolicLink(component: name)
                }
                throw .notAFolder(component: name)
            default: throw .system(SystemError(call: "open", errno: errno))
            }
        }
    }
}
