import Foundation
import LinuxSystem
import Testing

@Suite("TemporaryFolder")
struct TemporaryFolderTests {
    @Test func itIsPrivateAndGoesWithEverythingInIt() throws {
        let manager = FileManager.default
        let folder = try TemporaryFolder(prefix: "oss-test-")
        let mode = try manager.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(mode == 0o700, "nobody else may read the person data inside")
        #expect(folder.path.hasPrefix("/") && folder.path.contains("/oss-test-"))
        try Data("a".utf8).write(to: URL(fileURLWithPath: folder.path + "/one"))
        try Data("b".utf8).write(to: URL(fileURLWithPath: folder.path + "/two"))
        try folder.remove()
        #expect(!manager.fileExists(atPath: folder.path))
        try folder.remove()  // twice is fine

        var dropped: TemporaryFolder? = try TemporaryFolder(prefix: "oss-test-")
        let path = dropped?.path ?? ""
        try Data("c".utf8).write(to: URL(fileURLWithPath: path + "/three"))
        dropped = nil
        #expect(!manager.fileExists(atPath: path), "deinit removes what remove() was not asked to")
    }

    @Test func eachFolderIsNew() throws {
        let first = try TemporaryFolder(prefix: "oss-test-"), second = try TemporaryFolder(prefix: "oss-test-")
        #expect(first.path != second.path)
    }
}
