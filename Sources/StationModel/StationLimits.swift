/// How large a station may be. Station folders come from people, USB sticks
/// and mail; these bounds keep loading one within a few megabytes of memory
/// and well under a second, and every picture within what the renderer (and
/// `oss bench`'s 64 MB peak) can hold. docs/station-format.md lists them.
public enum StationLimits {
    /// station.yaml and each product file.
    public static let fileBytes = 1 << 20
    /// All YAML of one station together.
    public static let stationBytes = 4 << 20
    /// Nesting of YAML lists and mappings (the format needs 6).
    public static let yamlDepth = 32
    /// YAML nodes (scalars, lists, mappings) in one file.
    public static let yamlNodes = 100_000
    public static let products = 100
    public static let steps = 200
    /// Inputs, outputs and zones, each.
    public static let names = 256
    public static let supervisors = 1_000
    /// Entries of a step's show, light and wrong lists.
    public static let listEntries = 256
    /// Characters of a text, a name or any other string.
    public static let textCharacters = 1_000
    /// Characters of an id (station, product, step, input, output, zone, badge).
    public static let idCharacters = 64
    /// Projector image: 4K UHD (3840 x 2160); a frame is 4 bytes a pixel.
    public static let projectorPixels = 3_840 * 2_160
    /// One step picture: 2048 x 2048 (16 MiB decoded), larger than any panel
    /// on a 1920 x 1080 projector.
    public static let picturePixels = 2_048 * 2_048
    /// All pictures of a station together (32 MiB decoded).
    public static let stationPicturePixels = 2 * picturePixels
    /// A picture file.
    public static let pictureBytes = 16 << 20
    /// Shortest norm time in seconds: exports give seconds with 3 decimals, and
    /// productivity divides by the norm, so a smaller norm means nothing.
    public static let minimumNormSeconds = 1.0
}
