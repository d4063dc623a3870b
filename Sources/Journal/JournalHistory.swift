import StationEngine

extension Journal {
    /// The engine's view of the journal's past, read when asked: live mode,
    /// where a supervisor may set a level while the station runs and the
    /// next cycle must use it.
    public func liveHistory() -> EngineHistory {
        EngineHistory(
            lastCycleNumber: { worker, product in (try? self.lastCycleNumber(worker: worker, product: product)) ?? 0 },
            level: { worker, product in ((try? self.currentLevel(worker: worker, product: product)) ?? nil) ?? 1 })
    }

    /// The journal's past read once: levels and cycle numbers as they are
    /// when a replay starts. The engine keeps track of what the replay
    /// changes, and nobody else writes to a replay's journal.
    public func snapshotHistory() throws(JournalError) -> EngineHistory {
        let levels = try currentLevels()
        let numbers = try lastCycleNumbers()
        return EngineHistory(
            lastCycleNumber: { worker, product in numbers[JournalKey(worker: worker, product: product)] ?? 0 },
            level: { worker, product in levels[JournalKey(worker: worker, product: product)] ?? 1 })
    }

    /// Records a batch; returns the rows the journal refused (every other row
    /// is stored), or nil when all were stored. Other failures are thrown.
    /// `live`: the station's live state, written in the same transaction.
    public func recordKeepingGoodRows(_ writes: [CycleRecorder.Write], station: String,
                                      live: (state: StationLiveState, at: Int64)? = nil) throws(JournalError) -> [String]? {
        do {
            try record(writes, station: station, live: live)
            return nil
        } catch {
            guard case .rowsRejected(_, let failures) = error else { throw error }
            return failures.map(\.description)
        }
    }
}
