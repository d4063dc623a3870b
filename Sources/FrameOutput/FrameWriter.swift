import Display
import Hyphenation
import LinuxSystem
import PNGImage
import StationModel
import Typesetting
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where display models go: the framebuffer in live mode, PNG files in
/// simulations (`--frames`).
public protocol FrameOutput: AnyObject {
    /// Shows `model`, the picture called `name` (after which trace event, and
    /// which change without an event after it).
    func show(_ model: DisplayModel, as name: FrameName) throws
}

/// Writes `DIR/NNNNNN.png` each time the picture changes; NNNNNN is the
/// 1-based index of the trace event after which it changed, and
/// `DIR/NNNNNN-KK.png` for the KK-th change after it without an event (time
/// alone, a count). Models that render to the same pixels write nothing.
public final class PNGFrameWriter: FrameOutput {
    public let directory: String
    private let renderer: TableRenderer
    private var shown: Frame
    private let protected: ProtectedFiles
    public private(set) var written = 0

    /// `protected` lists the command's inputs: no frame may replace one.
    public init(directory: String, renderer: TableRenderer, protecting protected: ProtectedFiles = ProtectedFiles()) throws {
        self.directory = directory
        self.renderer = renderer
        self.protected = protected
        try Folder.create(directory)
        renderer.render(DisplayModel())
        shown = renderer.frame
    }

    /// A renderer for `station` with the standard fonts, hyphenation in the
    /// station's language (none when its patterns are missing: `oss
    /// validate` warns) and the station's step pictures.
    public static func renderer(for station: Station, sampler: PanelSampler = .bilinear) throws -> TableRenderer {
        try TableRenderer(station: station, fonts: FontLocator.standardFonts(), images: try loadImages(station),
                          hyphenation: Hyphenator(languages: [station.language]), sampler: sampler)
    }

    /// Decodes every step picture of the station once, inside the station
    /// folder and within the per-picture and per-station pixel budgets.
    public static func loadImages(_ station: Station) throws -> [String: RGBAImage] {
        try PNGFile.readPictures(of: station)
    }

    public func show(_ model: DisplayModel, as name: FrameName) throws {
        guard renderer.render(model) != nil, renderer.frame.difference(from: shown) != nil else { return }
        shown = renderer.frame
        let file = try OutputFile.create(directory + "/" + name.fileName, protecting: protected)
        try file.write(try PNGFile.encode(shown))
        try file.commit()
        written += 1
    }
}
