import CLinuxLoop
#if canImport(Glibc)
import Glibc
#endif

/// Names created, removed or changed in one folder (inotify): how the live
/// loop hears of a device node that appears or goes, without polling.
public final class DirectoryWatch: @unchecked Sendable {
    public enum Change: Equatable, Sendable {
        case created(String)
        case removed(String)
        /// Permissions or owner changed (udev sets them after creating a node).
        case attributes(String)
        /// The kernel's queue overflowed: changes were lost, look at the folder again.
        case overflow
    }

    public let descriptor: FileDescriptor
    public let path: String

    public init(path: String) throws(SystemError) {
        self.path = path
        descriptor = FileDescriptor(owning: try SystemCall.run("inotify_init1") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) })
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MOVED_TO | IN_MOVED_FROM)
        try SystemCall.run("inotify_add_watch") { inotify_add_watch(descriptor.rawValue, path, mask) }
    }

    /// The changes queued since the last call.
    public func changes() throws(SystemError) -> [Change] {
        var changes: [Change] = []
        let capacity = 4096
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while let count = try descriptor.read(into: buffer), count > 0 {
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let event = buffer.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                let nameLength = Int(event.len)
                guard offset + header + nameLength <= count else { break }
                let nameBytes = UnsafeRawBufferPointer(rebasing: buffer[(offset + header)..<(offset + header + nameLength)])
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                let mask = event.mask
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    changes.append(.overflow)
                } else if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    changes.append(.created(name))
                } else if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
                    changes.append(.removed(name))
                } else if mask & UInt32(IN_ATTRIB) != 0 {
                    changes.append(.attributes(name))
                }
                offset += header + nameLength
            }
        }
        return changes
    }
}
