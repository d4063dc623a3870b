import Journal
import Logging
import Operations
import PostgresNIO

/// Instruction levels set for the whole site (`oss level set|show
/// --postgres`, the site console): stored centrally with no journal, and
/// taken down by every station at its next sync, where they apply from the
/// worker's next cycle. The change with the latest `set_at` is in force,
/// wherever it was made.
public struct CentralLevels: Sendable {
    let database: SiteDatabase

    public init(database: SiteDatabase) { self.database = database }

    var logger: Logger { database.logger }

    /// Records `request` as set by `actor` at `time` (this machine's
    /// clock). The product must be one a station has registered or
    /// recorded, or one of `alsoKnown`.
    public func set(_ request: LevelRequest, by actor: Actor, alsoKnown: [String] = [], at time: Int64) async throws {
        if !alsoKnown.contains(request.product) {
            guard try await knows(product: request.product) else {
                throw OperationError.unknownProduct(request.product, journal: "the site database")
            }
        }
        let setter = request.onBehalfOf.map { "\(actor.name) for \($0)" } ?? actor.name
        let level = Int16(request.level)
        try await database.transaction("store the level change") { connection in
            // Held to the COMMIT, so that central ids commit in id order and stations pulling by id miss none.
            try await connection.query("LOCK TABLE levels IN EXCLUSIVE MODE", logger: logger)
            try await connection.query("""
                INSERT INTO levels (worker, product, level, set_us, set_by, reason, future, received_us)
                VALUES (\(request.worker), \(request.product), \(level), \(time), \(setter), \(request.reason),
                        \(time) > \(unescaped: SiteSync.serverNow) + \(SiteSync.futureLimit), \(unescaped: SiteSync.serverNow))
                """, logger: logger)
        }
    }

    /// Whether any station registered or recorded `product`, or a level names it.
    public func knows(product: String) async throws(SiteError) -> Bool {
        try await database.run("look the product up") { connection in
            let rows = try await connection.query("""
                SELECT EXISTS (SELECT 1 FROM stations WHERE \(product) = ANY(products))
                    OR EXISTS (SELECT 1 FROM cycles WHERE product = \(product))
                    OR EXISTS (SELECT 1 FROM levels WHERE product = \(product))
                """, logger: logger)
            var known = false
            for try await value in rows.decode(Bool.self) { known = value }
            return known
        }
    }

    /// Every change of the site, oldest first (changes dated in the future
    /// are left out: they are never in force), optionally for one worker and product.
    public func history(worker: String? = nil, product: String? = nil) async throws(SiteError) -> [Journal.LevelChange] {
        try await database.run("read the level history") { connection in
            let rows = try await connection.query("""
                SELECT worker, product, level, set_us, set_by, reason FROM levels
                WHERE NOT future AND (\(worker)::text IS NULL OR worker = \(worker))
                    AND (\(product)::text IS NULL OR product = \(product))
                ORDER BY set_us, id
                """, logger: logger)
            var changes: [Journal.LevelChange] = []
            for try await (worker, product, level, at, by, reason)
                in rows.decode((String, String, Int16, Int64, String, String?).self) {
                changes.append(Journal.LevelChange(worker: worker, product: product, level: Int(level), at: at, by: by,
                                                   reason: reason))
            }
            return changes
        }
    }
}
