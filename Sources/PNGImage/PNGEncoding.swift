import CPNGCodec
import Display

extension PNGFile {
    /// The PNG bytes of `frame`, for writing through a checked file writer.
    public static func encode(_ frame: Frame) throws(Failure) -> [UInt8] {
        let pixels = frame.rgbBytes()
        var message = [CChar](repeating: 0, count: 256)
        var size = 0
        guard let buffer = oss_png_encode_rgb(pixels, UInt32(frame.width), UInt32(frame.height), &size,
                                              &message, message.count) else {
            throw Failure(path: "picture", reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                                                          as: UTF8.self))
        }
        defer { oss_png_buffer_free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: size))
    }
}
