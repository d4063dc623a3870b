import ArgumentParser
import Journal
import LinuxSystem
import Operations
import SiteStore

extension Level.Set {
    /// `oss level set --postgres`: the change is stored centrally and
    /// reaches every station at its next sync.
    func setCentrally(_ request: LevelRequest, stationProducts: [String], address: SiteAddress) throws {
        let product = request.product, station = self.station
        do {
            try withSite(address, label: "oss.level") { database in
                try await CentralSchema.requireUpToDate(database)
                try await CentralLevels(database: database).set(request, by: commandLineActor, alsoKnown: stationProducts,
                                                                 at: SystemClock.shared.wallMicros())
            }
        } catch OperationError.unknownProduct {
            throw CommandFailure("error: product \(product) is unknown to the site database"
                + (station == nil ? "; give --station DIR to set a level before its first cycle" : " and to the station"))
        }
    }
}

extension Level.Show {
    func showCentrally(address: SiteAddress) throws -> [Journal.LevelChange] {
        let worker = self.worker, product = self.product
        return try withSite(address, label: "oss.level") { database in
            try await CentralSchema.requireUpToDate(database)
            return try await CentralLevels(database: database).history(worker: worker, product: product)
        }
    }
}

/// Connects to the site, runs `body`, and closes the connection; a site
/// error ends the command with its message (exit 1).
func withSite<T: Sendable>(_ address: SiteAddress, label: String,
                           _ body: @escaping @Sendable (SiteDatabase) async throws -> T) throws -> T {
    do {
        return try waitFor {
            let database = try await SiteDatabase.connect(to: address, logger: siteLogger(label))
            do {
                let result = try await body(database)
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        }
    } catch let error as SiteError {
        throw CommandFailure("error: \(error.description)")
    } catch let error as OperationError {
        if case .unknownProduct = error { throw error }
        throw CommandFailure(message(for: error))
    }
}
