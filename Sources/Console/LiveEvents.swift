import Hummingbird
import JSONLines
import NIOCore
import Operations
import ServiceLifecycle

extension Console {
    /// How often a live stream looks at the journal: a station's change
    /// shows on the page within this time plus the network's.
    static let livePoll: Duration = .milliseconds(400)
    /// A comment line every this many quiet polls (2 s) keeps proxies from
    /// closing a quiet stream, and notices a client that left.
    static let keepAliveEvery = 5

    /// `GET /api/stations/events`: server-sent events, one `stations` event
    /// with the whole `GET /api/stations` array (on one line) at the start
    /// and after each change. It ends when the client leaves or the server
    /// shuts down (SIGTERM does not wait for open pages).
    func stationEvents(_ call: Call) async throws -> Response {
        guard await liveStreams.enter() else { throw ConsoleError.storeUnavailable }
        let workshop = self.workshop
        let counter = liveStreams
        let body = ResponseBody { writer in
            defer { Task { await counter.leave() } }
            var last = ""
            var quiet = 0
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let rows = try await Blocking.run { try workshop.stations() }
                let line = JSONLineBuilder.htmlSafe("[" + rows.map(\.json).joined(separator: ",") + "]")
                if line != last {
                    last = line
                    quiet = 0
                    try await writer.write(ByteBuffer(string: "event: stations\ndata: \(line)\n\n"))
                } else {
                    quiet += 1
                    if quiet % Self.keepAliveEvery == 0 { try await writer.write(ByteBuffer(string: ": still here\n\n")) }
                }
                try await Task.sleep(for: Self.livePoll)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }
}
