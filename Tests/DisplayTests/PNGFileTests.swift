import Display
import Foundation
import PNGImage
import StationModel
import Testing
import TestSupport

/// Step pictures are decoded within their budget, from inside the station
/// folder only, also when the files change after the station was validated.
@Suite("PNGFile")
struct PNGFileTests {
    @Test func aMediaPictureDecodesToWhatWasWritten() throws {
        let fixture = try RendererFixture()
        let image = try PNGFile.read(media: "media/pick.png", inStation: fixture.station.directory)
        #expect(image.width == 120 && image.height == 80)
        #expect(image == (try PNGFile.read(fixture.stationFixture.stationPath + "/media/pick.png")))
        // The middle of the blue part.
        let index = (40 * 120 + 60) * 4
        #expect(Array(image.bytes[index..<(index + 4)]) == [0, 120, 255, 255])
        #expect(try PNGFile.readPictures(of: fixture.station) == ["media/pick.png": image])
    }

    @Test func aPictureReplacedByALinkAfterValidationIsNotOpened() throws {
        let fixture = try RendererFixture()
        let path = fixture.stationFixture.stationPath + "/media/pick.png"
        let outside = TemporaryDirectory()
        try PNGFile.write(RendererFixture.picture(), to: outside.path + "/secret.png")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside.path + "/secret.png")
        #expect(throws: PNGFile.Failure.self) { try PNGFile.readPictures(of: fixture.station) }
        do {
            _ = try PNGFile.read(media: "media/pick.png", inStation: fixture.station.directory)
            Issue.record("a linked picture was read")
        } catch {
            #expect(error.reason.contains("symbolic link"))
        }
    }

    @Test func aPictureGrownAfterValidationIsRefusedBeforeDecoding() throws {
        let fixture = try RendererFixture()
        try PNGFile.write(Frame(width: 2100, height: 2100), to: fixture.stationFixture.stationPath + "/media/pick.png")
        do {
            _ = try PNGFile.readPictures(of: fixture.station)
            Issue.record("a picture over the budget was decoded")
        } catch {
            #expect(error.reason.contains("is 2100x2100 pixels, more than"))
        }
    }

    @Test func theBudgetIsCheckedOnTheHeaderThatIsDecoded() throws {
        let fixture = try RendererFixture()
        do {
            _ = try PNGFile.read(fixture.stationFixture.stationPath + "/media/pick.png", maximumPixels: 120 * 80 - 1)
            Issue.record("a picture over the budget was decoded")
        } catch {
            #expect(error.reason.contains("too large"))
        }
        #expect((try? PNGFile.read(fixture.stationFixture.stationPath + "/media/pick.png", maximumPixels: 120 * 80))?.width == 120)
    }

    @Test func aTruncatedOrFakePictureFailsWithAMessage() throws {
        let fixture = try RendererFixture()
        let path = fixture.stationFixture.stationPath + "/media/pick.png"
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        for bytes in [whole.prefix(60), Data("not a picture".utf8), whole.prefix(33)] {
            try bytes.write(to: URL(fileURLWithPath: path))
            do {
                _ = try PNGFile.read(media: "media/pick.png", inStation: fixture.station.directory)
                Issue.record("a broken picture was decoded")
            } catch {
                #expect(!error.reason.isEmpty)
                #expect(error.description.hasPrefix("'" + path + "' "))
            }
        }
    }
}
