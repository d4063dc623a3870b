/// What a picture is called among the frames (`--frames DIR`, cli-and-files.md):
/// `NNNNNN.png` for the picture of trace event NNNNNN's batch, and
/// `NNNNNN-KK.png` for the KK-th picture after event NNNNNN that changed
/// without a trace event (time alone, a counted input, a device while
/// nothing runs). Run and simulate name pictures alike, so a recorded live
/// session replays to the same files.
public struct FrameName: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based index of the last trace event before the picture; 0 before any.
    public var event: Int
    /// 0: the picture of event `event`'s batch; 1, 2, ...: the pictures after
    /// it without an event (two digits, more after the 99th).
    public var change: Int

    public init(event: Int, change: Int = 0) {
        self.event = event
        self.change = change
    }

    /// `000012.png`, `000012-01.png`.
    public var fileName: String { description + ".png" }

    public var description: String {
        let number = Self.padded(event, to: 6)
        return change == 0 ? number : number + "-" + Self.padded(change, to: 2)
    }

    private static func padded(_ value: Int, to digits: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
