import Hummingbird

/// The request context of every console route. Bodies are small forms or
/// JSON objects: anything beyond `bodyLimit` is refused with 413 before it
/// is read on.
public struct ConsoleContext: RequestContext {
    public static let bodyLimit = 16 * 1024

    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { Self.bodyLimit }
}
