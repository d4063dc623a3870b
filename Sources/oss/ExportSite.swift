import ArgumentParser
import Journal
import LinuxSystem
import Operations
import SiteStore

extension Export {
    /// `oss export --postgres`: every station of the site, the `station`
    /// column first, audited in the site's audit table. The site keeps no
    /// display names, so `--with-names` is refused.
    func exportSite(_ request: ExportRequest, address: SiteAddress) throws {
        guard !request.withNames else {
            throw CommandFailure("error: --with-names: the site database keeps no names; export names from a station's journal")
        }
        let output: OutputFile
        do { output = try OutputFile.create(out ?? "-", protecting: protectedInputs()) } catch {
            throw CommandFailure("error: \(describe(error))")
        }
        let sink = SiteExportSink(output)
        do {
            try waitFor {
                let database = try await SiteDatabase.connect(to: address, logger: siteLogger("oss.export"))
                do {
                    try await CentralSchema.requireUpToDate(database)
                    try await CentralAudit.insert(request.auditEntry(by: commandLineActor, at: SystemClock.shared.wallMicros()),
                                                  into: database)
                    try await SiteExport(database: database).withStations(filter: request.filter) { stations in
                        try Exports.write(request, from: stations) { sink.write($0) }
                    }
                    await database.close()
                } catch {
                    await database.close()
                    throw error
                }
            }
        } catch {
            output.abandon()
            if let error = error as? SiteError { throw CommandFailure("error: \(error.description)") }
            if let error = error as? OperationError { throw CommandFailure(oss.message(for: error)) }
            throw CommandFailure("error: the site export failed: \(describe(error))")
        }
        do {
            if let failure = sink.failure { throw failure }
            try output.commit()
        } catch {
            output.abandon()
            throw CommandFailure("error: \(describe(error))")
        }
    }
}

/// The export's bytes on their way to the output file, from the export task.
private final class SiteExportSink: @unchecked Sendable {
    let output: OutputFile
    var failure: OutputError?

    init(_ output: OutputFile) { self.output = output }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        do throws(OutputError) { try output.write(bytes) } catch { failure = error }
    }
}
