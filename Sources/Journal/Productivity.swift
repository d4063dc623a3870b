/// Productivity: the one definition that the export (`productivity` of the
/// cycles and summary tables) and the report share.
///
/// Productivity of a set of finished cycles = the sum of their norm times ÷
/// the sum of their cycle times; for one cycle `norm_time_s / duration_s`.
/// 1.000 means at norm, above 1 faster than the norm. Without cycle time
/// (an abandoned cycle, a tampered journal) there is no productivity.
/// Written with 3 decimals (`fixed3`), as in the export.
public enum Productivity {
    /// `normTime / cycleTime`, both in the same unit; nil when the cycle
    /// time is not positive or the ratio not finite.
    public static func ratio(normTime: Double, cycleTime: Double) -> Double? {
        guard cycleTime > 0 else { return nil }
        let ratio = normTime / cycleTime
        return ratio.isFinite ? ratio : nil
    }

    /// One cycle's: its norm time over its duration (µs); nil without a duration.
    public static func ratio(normTime: Int64, duration: Int64?) -> Double? {
        guard let duration else { return nil }
        return ratio(normTime: Double(normTime), cycleTime: Double(duration))
    }

    /// The export's spelling: exactly 3 decimals with a point, `0.750`.
    public static func text(_ ratio: Double) -> String { JournalExport.fixed3(ratio) }
}
