import Foundation
@testable import StationModel
import Testing
import TestSupport

private func errors(_ fixture: StationFixture) -> [Diagnostic] {
    fixture.check().diagnostics.filter { $0.severity == .error }
}

/// Station files are regular files inside the station folder, read within
/// their size limits; pictures are checked from their header.
@Suite("StationFiles")
struct StationFilesTests {
    static let smallPicture = pngHeaderBytes(width: 64, height: 48)

    @Test func aRegularPictureInsideTheFolderIsAccepted() throws {
        let fixture = stationShowing([("media/pick.png", .bytes(Self.smallPicture))])
        let station = try fixture.load()
        #expect(station.product(withID: "lamp")?.steps[0].image == "media/pick.png")
    }

    @Test func aPictureThatIsASymbolicLinkIsRefusedNotFollowed() throws {
        // The link's target is a valid picture outside the station: before,
        // it passed; a link to /etc/shadow was opened the same way.
        let outside = TemporaryDirectory()
        let target = outside.path + "/secret.png"
        FileManager.default.createFile(atPath: target, contents: Data(Self.smallPicture))
        let fixture = stationShowing([("media/pick.png", .link(target))])
        let found = errors(fixture)
        #expect(found.count == 1)
        #expect(found.first?.field == "steps[0].image")
        #expect(found.first?.message.contains("'media/pick.png' is a symbolic link") == true)
        #expect(throws: StationFileError.self) { try StationFiles.read("media/pick.png", in: fixture.stationPath, limit: 100) }
    }

    @Test func aLinkToSystemFilesIsNeverOpened() {
        let fixture = stationShowing([("media/pick.png", .link("/etc/shadow"))])
        #expect(errors(fixture).first?.message.contains("symbolic link") == true)
    }

    @Test func aPictureBehindALinkedFolderIsRefused() throws {
        let outside = TemporaryDirectory()
        outside.write("pictures/pick.png", "")
        FileManager.default.createFile(atPath: outside.path + "/pictures/pick.png", contents: Data(Self.smallPicture))
        let fixture = stationShowing([("media/pick.png", .none)])
        try FileManager.default.createSymbolicLink(atPath: fixture.stationPath + "/media", withDestinationPath: outside.path + "/pictures")
        #expect(errors(fixture).first?.message.contains("lies behind the symbolic link 'media'") == true)
    }

    @Test func aPipeOrFolderNamedLikeAPictureIsRefusedWithoutWaiting() throws {
        let fixture = stationShowing([("media/pick.png", .none), ("media/screws.png", .none)])
        try FileManager.default.createDirectory(atPath: fixture.stationPath + "/media", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: fixture.stationPath + "/media/screws.png", withIntermediateDirectories: true)
        #expect(mkfifo(fixture.stationPath + "/media/pick.png", 0o600) == 0)
        let found = errors(fixture)
        #expect(found.map(\.field) == ["steps[0].image", "steps[1].image"])
        #expect(found.allSatisfy { $0.message.contains("is not a regular file") })
    }

    @Test func aFileThatIsNotAPNGPictureIsRefused() {
        let fixture = stationShowing([("media/pick.png", .bytes(Array("<svg>not a png</svg>".utf8)))])
        #expect(errors(fixture).first?.message == "media file 'media/pick.png' is not a PNG picture (no PNG signature)")
    }

    @Test func aPictureOverThePixelBudgetIsRefusedFromItsHeader() {
        // 16384 x 16384 cost 1.09 GB to decode; its header says so in 33 bytes.
        let fixture = stationShowing([("media/pick.png", .bytes(pngHeaderBytes(width: 16_384, height: 16_384)))])
        let found = errors(fixture)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("is 16384x16384 pixels, more than") == true)
        // The largest allowed picture passes.
        let largest = stationShowing([("media/pick.png", .bytes(pngHeaderBytes(width: 2048, height: 2048)))])
        #expect(errors(largest).isEmpty)
    }

    @Test func allPicturesOfAStationTogetherHaveABudget() {
        let picture = pngHeaderBytes(width: 2048, height: 2048)
        let fixture = stationShowing([("media/a.png", .bytes(picture)), ("media/b.png", .bytes(picture)),
                                      ("media/c.png", .bytes(picture))])
        let found = errors(fixture)
        #expect(found.map(\.field) == ["steps[2].image"])
        #expect(found.first?.message.contains("all pictures of a station may have together") == true)
        // The same picture on several steps counts once.
        let shared = stationShowing([("media/a.png", .bytes(picture)), ("media/a.png", .bytes(picture)),
                                     ("media/a.png", .bytes(picture))])
        #expect(errors(shared).isEmpty)
    }

    @Test func everyFileInMediaMustBeAPictureAlsoWhenNoStepNamesIt() throws {
        let fixture = stationShowing([("media/pick.png", .bytes(Self.smallPicture))])
        let media = fixture.stationPath + "/media"
        try FileManager.default.createSymbolicLink(atPath: media + "/spare.png", withDestinationPath: "/etc/shadow")
        FileManager.default.createFile(atPath: media + "/notes.txt", contents: Data("hello".utf8))
        FileManager.default.createFile(atPath: media + "/.DS_Store", contents: Data([0, 1, 2]))
        let found = errors(fixture)
        #expect(found.map { ($0.file as NSString).lastPathComponent } == ["notes.txt", "spare.png"])
        #expect(found.map(\.message) == ["media holds pictures only: 'media/notes.txt' is not a PNG picture (no PNG signature)",
                                          "media holds pictures only: 'media/spare.png' is a symbolic link; station files must be regular files inside the station folder, not links"])
    }

    @Test func aLinkedMediaFolderIsOneError() throws {
        let outside = TemporaryDirectory()
        for index in 0..<20 { FileManager.default.createFile(atPath: outside.path + "/\(index).png", contents: Data(Self.smallPicture)) }
        let fixture = StationFixture()
        try FileManager.default.createSymbolicLink(atPath: fixture.stationPath + "/media", withDestinationPath: outside.path)
        #expect(errors(fixture).map(\.message) == ["media is a symbolic link; station files must be regular files inside the station folder, not links"])
    }

    @Test func aProductFileOverTheSizeLimitIsRefusedUnread() throws {
        let fixture = StationFixture()
        let big = StationFixture.otherProductYAML + "\n# " + String(repeating: "x", count: StationLimits.fileBytes) + "\n"
        fixture.directory.write("test-1/products/cap.yaml", big)
        let started = Date()
        let found = errors(fixture)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(found.count == 1)
        #expect(found.first?.file == fixture.stationPath + "/products/cap.yaml")
        #expect(found.first?.message == "the file holds \(big.utf8.count) bytes, more than the limit of \(StationLimits.fileBytes) bytes for a station file")
    }

    @Test func theStationsYAMLTogetherHasALimit() throws {
        var products: [String: String] = [:]
        let filler = "\n# " + String(repeating: "x", count: StationLimits.fileBytes - 10_000) + "\n"
        for index in 0..<5 {
            products["p\(index)"] = StationFixture.otherProductYAML.replacingOccurrences(of: "product: cap", with: "product: p\(index)") + filler
        }
        let found = errors(StationFixture(products: products))
        #expect(found.map { ($0.file as NSString).lastPathComponent } == ["p4.yaml"])
        #expect(found.first?.message.contains("passes its limit of \(StationLimits.stationBytes) bytes") == true)
    }

    @Test func aSymbolicLinkedStationFileIsRefused() throws {
        let fixture = StationFixture()
        let outside = TemporaryDirectory()
        outside.write("cap.yaml", StationFixture.otherProductYAML)
        try FileManager.default.removeItem(atPath: fixture.stationPath + "/products/cap.yaml")
        try FileManager.default.createSymbolicLink(atPath: fixture.stationPath + "/products/cap.yaml", withDestinationPath: outside.path + "/cap.yaml")
        #expect(errors(fixture).first?.message.contains("is a symbolic link") == true)
    }

    @Test func pathsLeavingTheFolderAreRefusedByTheOpenerItself() {
        let fixture = StationFixture()
        for path in ["../test-1/station.yaml", "/etc/passwd", "", "products/../../x"] {
            #expect(throws: StationFileError.self) { try StationFiles.read(path, in: fixture.stationPath, limit: 1 << 20) }
        }
        #expect((try? StationFiles.read("./products//cap.yaml", in: fixture.stationPath, limit: 1 << 20))?.isEmpty == false)
    }
}
