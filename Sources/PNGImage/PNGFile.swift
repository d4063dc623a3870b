import CPNGCodec
import Display

/// PNG files through libpng's simplified API: step pictures in, frames out.
public enum PNGFile {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The largest picture accepted, so a hostile file cannot exhaust memory.
    public static let maximumPixels = 16_384 * 16_384

    public static func read(_ path: String) throws(Failure) -> RGBAImage {
        var width: UInt32 = 0, height: UInt32 = 0
        var message = [CChar](repeating: 0, count: 256)
        guard oss_png_read_size(path, &width, &height, &message, message.count) == 0 else {
            throw Failure(path: path, reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard Int(width) * Int(height) <= maximumPixels, width > 0, height > 0 else {
            throw Failure(path: path, reason: "picture of \(width)x\(height) pixels is too large")
        }
        var bytes = [UInt8](repeating: 0, count: Int(width) * Int(height) * 4)
        guard oss_png_read_rgba(path, &bytes, width, height, &message, message.count) == 0 else {
            throw Failure(path: path, reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return RGBAImage(width: Int(width), height: Int(height), bytes: bytes)
    }

    public static func write(_ frame: Frame, to path: String) throws(Failure) {
        let bytes = frame.rgbBytes()
        var message = [CChar](repeating: 0, count: 256)
        guard oss_png_write_rgb(path, bytes, UInt32(frame.width), UInt32(frame.height), &message, message.count) == 0 else {
            throw Failure(path: path, reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
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
