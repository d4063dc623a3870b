import Foundation
import LinuxSystem
import Testing

@Suite("ProtectedFiles")
struct ProtectedFilesTests {
    @Test func everyFileOfATreeIsProtectedAndOthersAreNot() throws {
        let folder = NSTemporaryDirectory() + "oss-protected-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: folder + "/station/products", withIntermediateDirectories: true)
        try "s".write(toFile: folder + "/station/station.yaml", atomically: false, encoding: .utf8)
        try "p".write(toFile: folder + "/station/products/lamp.yaml", atomically: false, encoding: .utf8)
        var protected = ProtectedFiles()
        protected.addTree(folder + "/station")
        let product = folder + "/station/products/lamp.yaml"
        #expect(protected.conflict(path: product, identity: FileIdentity.of(product)) == product)
        #expect(protected.conflict(path: folder + "/station/station.yaml", identity: nil) != nil, "by path alone")
        #expect(protected.conflict(path: folder + "/other.csv", identity: nil) == nil)
    }

    @Test func identitiesAreEqualExactlyForTheSameFile() throws {
        let folder = NSTemporaryDirectory() + "oss-identity-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "a".write(toFile: folder + "/a", atomically: false, encoding: .utf8)
        try "b".write(toFile: folder + "/b", atomically: false, encoding: .utf8)
        #expect(link(folder + "/a", folder + "/hard") == 0)
        #expect(FileIdentity.of(folder + "/a") == FileIdentity.of(folder + "/hard"))
        #expect(FileIdentity.of(folder + "/a") != FileIdentity.of(folder + "/b"))
        #expect(FileIdentity.of(folder + "/missing") == nil)
    }
}
