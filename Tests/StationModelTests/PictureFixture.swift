import Foundation
import TestSupport

/// The first bytes of a PNG picture of `width` x `height`: signature and
/// IHDR, all the loader reads. CRCs are not checked at that point.
func pngHeaderBytes(width: UInt32, height: UInt32) -> [UInt8] {
    func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
    return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + bigEndian(13) + Array("IHDR".utf8)
        + bigEndian(width) + bigEndian(height) + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
}

/// The test station whose lamp product shows `pictures` (path → bytes or a
/// symbolic link target) on its first steps, in order.
func stationShowing(_ pictures: [(path: String, file: PictureFile)]) -> StationFixture {
    var product = StationFixture.productYAML
    let stepIDs = ["pick", "screws", "serial", "seal", "check"]
    for (index, picture) in pictures.enumerated() {
        product = product.replacingOccurrences(of: "  - id: \(stepIDs[index])\n",
                                               with: "  - id: \(stepIDs[index])\n    image: \(picture.path)\n")
    }
    let fixture = StationFixture(products: ["lamp": product, "cap": StationFixture.otherProductYAML])
    for picture in pictures {
        let full = fixture.stationPath + "/" + picture.path
        if case .none = picture.file { continue }
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        switch picture.file {
        case .bytes(let bytes): FileManager.default.createFile(atPath: full, contents: Data(bytes))
        case .link(let target): try! FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
        case .none: break
        }
    }
    return fixture
}

enum PictureFile {
    case bytes([UInt8])
    case link(String)
    /// Created by the test itself.
    case none
}
