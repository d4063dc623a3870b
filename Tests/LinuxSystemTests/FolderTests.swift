import Foundation
import LinuxSystem
import Testing

@Suite("Folder")
struct FolderTests {
    @Test func createsParentsListsAndRemovesOnlyFiles() throws {
        let base = NSTemporaryDirectory() + "oss-folder-\(UInt64.random(in: 0...UInt64.max))"
        try Folder.create(base + "/a/b")
        try Folder.create(base + "/a/b")   // already there: fine
        #expect(Folder.entries(base + "/a") == ["b"])
        try "x".write(toFile: base + "/a/file", atomically: false, encoding: .utf8)
        #expect(throws: OutputError.self) { try Folder.create(base + "/a/file") }
        try Folder.removeFile(base + "/a/file")
        try Folder.removeFile(base + "/a/file")   // gone already: fine
        #expect(Folder.entries(base + "/a") == ["b"])
        #expect(Folder.entries(base + "/missing") == nil)
    }
}
