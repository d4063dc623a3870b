import CPNGCodec
import Display
import LinuxSystem
import StationModel

/// PNG files through libpng's simplified API: step pictures in, frames out.
public enum PNGFile {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        /// What is wrong, a phrase after the quoted path: "is not a valid PNG picture (...)".
        public var reason: String
        public var description: String { Diagnostic.printable("'\(path)' \(reason)") }
    }

    /// The largest picture accepted, so a hostile file cannot exhaust memory.
    public static let maximumPixels = StationLimits.picturePixels

    /// Every step picture of `station`, each decoded once, within the
    /// per-picture and per-station pixel budgets of `StationLimits`.
    public static func readPictures(of station: Station) throws(Failure) -> [String: RGBAImage] {
        var images: [String: RGBAImage] = [:]
        var total = 0
        for path in Set(station.products.flatMap { $0.steps.compactMap(\.image) }).sorted() {
            // Headers first: a station over its budget decodes nothing more.
            do {
                total += try StationFiles.pictureHeader(path, in: station.directory).pixels
            } catch {
                throw Failure(path: station.directory + "/" + path, reason: error.problem)
            }
            guard total <= StationLimits.stationPicturePixels else {
                throw Failure(path: station.directory + "/" + path, reason: "makes the station's pictures more than "
                              + "the \(StationLimits.stationPicturePixels) pixels all pictures of a station may have together")
            }
            images[path] = try read(media: path, inStation: station.directory)
        }
        return images
    }

    /// What is wrong with the picture `relative` of the station folder
    /// `directory` when decoded completely, as a phrase after its quoted
    /// path, or nil: the loader's `PictureDecoder` for `oss validate`, the
    /// same decoding the renderer does.
    public static func problem(media relative: String, inStation directory: String) -> String? {
        do {
            _ = try read(media: relative, inStation: directory)
            return nil
        } catch {
            return error.reason
        }
    }

    /// The picture `relative` of the station folder `directory`: a regular
    /// file inside the folder (no links), a PNG whose header is checked
    /// against `maximumPixels` before a byte of pixels is allocated.
    public static func read(media relative: String, inStation directory: String,
                            maximumPixels: Int = maximumPixels) throws(Failure) -> RGBAImage {
        let path = directory + "/" + relative
        let descriptor: Int32
        do {
            descriptor = try StationFiles.openPicture(relative, in: directory, maximumPixels: maximumPixels).release()
        } catch {
            throw Failure(path: path, reason: error.problem)
        }
        var width: UInt32 = 0, height: UInt32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let reader = oss_png_reader_open_fd(descriptor, &width, &height, &message, message.count)
        return try decode(reader, path: path, width: width, height: height, maximumPixels: maximumPixels, message: &message)
    }

    /// The PNG at `path`, opened as given (for tests and golden pictures),
    /// within `maximumPixels`.
    public static func read(_ path: String, maximumPixels: Int = maximumPixels) throws(Failure) -> RGBAImage {
        var width: UInt32 = 0, height: UInt32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let reader = oss_png_reader_open_path(path, &width, &height, &message, message.count)
        return try decode(reader, path: path, width: width, height: height, maximumPixels: maximumPixels, message: &message)
    }

    /// Decodes from an open reader (always closed) whose header said
    /// `width` x `height`; the buffer is sized from that same header.
    private static func decode(_ reader: OpaquePointer?, path: String, width: UInt32, height: UInt32,
                               maximumPixels: Int, message: inout [CChar]) throws(Failure) -> RGBAImage {
        guard let reader else { throw Failure(path: path, reason: decodingProblem(message)) }
        defer { oss_png_reader_close(reader) }
        let (pixels, overflow) = Int(width).multipliedReportingOverflow(by: Int(height))
        guard !overflow, pixels > 0, pixels <= maximumPixels else {
            throw Failure(path: path, reason: "is \(width)x\(height) pixels, too large (at most \(maximumPixels) pixels)")
        }
        var bytes = [UInt8](repeating: 0, count: pixels * 4)
        guard oss_png_reader_finish(reader, &bytes, bytes.count, &message, message.count) == 0 else {
            throw Failure(path: path, reason: decodingProblem(message))
        }
        return RGBAImage(width: Int(width), height: Int(height), bytes: bytes)
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The decoder's `message` as a phrase after the picture's path. libpng
    /// starts a chunk's error with the chunk's name, a damaged one as raw
    /// bytes ("[A0][C4][25][12]: invalid chunk type"): that name is dropped,
    /// or said in words when it is a real one ("in chunk IDAT").
    static func decodingProblem(_ message: [CChar]) -> String {
        let raw = text(message)
        if raw.hasPrefix("cannot ") || raw == "out of memory" { return PrintableText.escaped(raw) }
        var rest = Substring(raw), name = "", units = 0
        while units < 4 {
            if let first = rest.first, first.isASCII, first.isLetter {
                name.append(first)
                rest = rest.dropFirst()
            } else if rest.hasPrefix("["), rest.dropFirst().prefix(2).allSatisfy(\.isHexDigit), rest.dropFirst(3).first == "]" {
                rest = rest.dropFirst(4)
            } else {
                break
            }
            units += 1
        }
        var detail = raw
        if units == 4, rest.hasPrefix(": ") {
            detail = String(rest.dropFirst(2)) + (name.count == 4 ? " in chunk \(name)" : "")
        }
        if detail.isEmpty { detail = "libpng error" }
        if detail.count > 200 { detail = detail.prefix(200) + "…" }
        return "is not a valid PNG picture (\(PrintableText.escaped(detail)))"
    }

    public static func write(_ frame: Frame, to path: String) throws(Failure) {
        let bytes = frame.rgbBytes()
        var message = [CChar](repeating: 0, count: 256)
        guard oss_png_write_rgb(path, bytes, UInt32(frame.width), UInt32(frame.height), &message, message.count) == 0 else {
            throw Failure(path: path, reason: text(message))
        }
    }

    /// Reads a PNG back into a frame (alpha ignored), for golden-image tests.
    public static func readFrame(_ path: String) throws(Failure) -> Frame {
        let image = try read(path)
        var frame = Frame(width: image.width, height: image.height)
        for index in 0..<(image.width * image.height) {
            frame.pixels[index] = Color(image.bytes[index * 4], image.bytes[index * 4 + 1], image.bytes[index * 4 + 2]).pixel
        }
        return frame
    }
}
