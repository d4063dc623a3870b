import Foundation
import LinuxSystem
import Testing

@Suite("OutputFile")
struct OutputFileTests {
    let folder: String = {
        let path = NSTemporaryDirectory() + "oss-output-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }
    private func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test func aFileIsReplacedOnlyWhenCompleteAndIsPrivate() throws {
        let path = folder + "/out.csv"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let file = try OutputFile.create(path, protecting: ProtectedFiles())
        try file.write("new")
        #expect(text(path) == "old", "the target is untouched until commit")
        #expect(names().count == 2, "the data goes to one temporary file beside it")
        try file.commit()
        #expect(text(path) == "new")
        #expect(names() == ["out.csv"])
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func anAbandonedFileLeavesTheOldOneAndNoTrace() throws {
        let path = folder + "/out.csv"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        do {
            let file = try OutputFile.create(path, protecting: ProtectedFiles())
            try file.write("half")
        }   // dropped without commit
        #expect(text(path) == "old")
        #expect(names() == ["out.csv"])
    }

    @Test func aProtectedFileIsRefusedByIdentityAndByPath() throws {
        let input = folder + "/journal.db"
        try "journal".write(toFile: input, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/alias", withDestinationPath: input)
        var protected = ProtectedFiles()
        protected.addJournal(input)
        for path in [input, folder + "/alias", folder + "/../" + (folder as NSString).lastPathComponent + "/journal.db",
                     input + "-wal", input + "-shm"] {
            #expect(throws: OutputError.self, "\(path)") { try OutputFile.create(path, protecting: protected) }
        }
        #expect(text(input) == "journal")
        #expect(!FileManager.default.fileExists(atPath: input + "-wal"))
    }

    @Test func aLinkToAFileReplacesTheFileAndKeepsTheLink() throws {
        let target = folder + "/real.csv", link = folder + "/link.csv"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let file = try OutputFile.create(link, protecting: ProtectedFiles())
        try file.write("new")
        try file.commit()
        #expect(text(target) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    }

    @Test func foldersDanglingLinksAndMissingFoldersAreClearErrors() throws {
        try FileManager.default.createSymbolicLink(atPath: folder + "/dangling", withDestinationPath: folder + "/nowhere")
        for (path, reason) in [(folder, "it is a folder"), (folder + "/dangling", "it is a link to a file that does not exist"),
                               (folder + "/no/such/file", "No such file or directory"), ("", "the file name is empty")] {
            do {
                _ = try OutputFile.create(path, protecting: ProtectedFiles())
                Issue.record("\(path) was accepted")
            } catch {
                #expect(error.reason == reason, "\(path)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/nowhere"))
    }

    @Test func aFullDeviceFailsOnWriteOrCommitAndStaysADevice() throws {
        let file = try OutputFile.create("/dev/full", protecting: ProtectedFiles())
        #expect(throws: OutputError(path: "/dev/full", reason: "No space left on device")) {
            try file.write("x")
            try file.commit()
        }
        var info = stat()
        #expect(lstat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    }
}
