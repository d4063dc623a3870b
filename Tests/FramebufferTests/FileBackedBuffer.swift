import Foundation
import LinuxSystem

/// A framebuffer backed by a file, mapped like /dev/fbN: the same mapping
/// and drawing code as live mode, without the device's ioctls.
final class FileBackedBuffer {
    let path = NSTemporaryDirectory() + "oss-fb-" + UUID().uuidString
    let file: FileDescriptor
    let mapping: MemoryMapping
    var memory: UnsafeMutableRawPointer { mapping.memory }

    init(length: Int) {
        precondition(FileManager.default.createFile(atPath: path, contents: Data(count: length)))
        file = try! FileDescriptor.open(path, .readWrite)
        mapping = try! MemoryMapping(descriptor: file, byteCount: length)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
