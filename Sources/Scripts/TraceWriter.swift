import LinuxSystem

/// Writes trace lines to a file or standard output through `OutputFile`.
/// Lines collect in a buffer that goes out in whole lines only, when it
/// passes 64 KiB and at `flush()`/`close()`, and a line is never written
/// before the journal holds what it reports (the simulation's order).
///
/// A file trace is complete or absent: it is renamed into place at
/// `close()`. Standard output (`-`) and pipes are written as lines come.
/// The first write failure is kept and thrown by `close()`, so a full disk
/// ends the command with an error instead of a silently short trace.
public final class TraceWriter {
    private let output: OutputFile
    private var buffer: [UInt8] = []
    private static let flushSize = 1 << 16
    public private(set) var failure: OutputError?

    /// `-` is standard output. `protected` lists the command's inputs, which
    /// the trace must never replace.
    public init(path: String, protecting protected: ProtectedFiles = ProtectedFiles()) throws(OutputError) {
        output = try OutputFile.create(path, protecting: protected)
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    public func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= Self.flushSize { flush() }
    }

    /// Writes what is buffered (whole lines); a failure is kept for `close()`.
    public func flush() {
        guard failure == nil else { buffer.removeAll(keepingCapacity: true); return }
        do { try output.write(buffer) } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Drops the trace of a failed run: a file named by the user keeps its
    /// old content (a stream keeps what it was sent).
    public func abandon() {
        buffer.removeAll()
        output.abandon()
    }

    /// Writes the rest and puts the trace in place; throws the first failure.
    public func close() throws(OutputError) {
        flush()
        if let failure { output.abandon(); throw failure }
        try output.commit()
    }
}
