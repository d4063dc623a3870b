import Foundation
import Journal
import Reports
import StationEngine
import TestSupport

/// A month of one worker, as a station would journal it: W042 works the 20
/// working days of November 2026 (Monday 2 to Friday 27, Amsterdam time),
/// 24 `koplamp` cycles each morning from 08:00 and 16 `achterlicht` cycles
/// each afternoon from 13:00, getting faster and making fewer errors; the
/// level goes up twice. W9 has a few cycles of a product of their own.
struct MonthJournal {
    static let zone = TimeZone(identifier: "Europe/Amsterdam")!
    /// 2026-11-02T07:00:00Z, 08:00 in Amsterdam.
    static let firstMorning: Int64 = 1_793_602_800_000_000
    static let day: Int64 = 86_400_000_000
    /// The 20 working days, as offsets in days from 2 November.
    static let workingDays: [Int64] = (0..<28).filter { $0 % 7 < 5 }
    static let norms = ["koplamp": 45.0, "achterlicht": 30.0]
    /// When the report is made: Thursday 3 December 2026, 09:45 in Amsterdam.
    static let madeAt: Int64 = 1_796_287_500_000_000

    let temp = TemporaryDirectory()
    let journal: Journal

    init() throws {
        journal = try Journal(path: temp.path + "/month.db")
        var writes: [CycleRecorder.Write] = []
        var numbers: [String: Int] = [:]
        for (index, offset) in Self.workingDays.enumerated() {
            let d = Double(index)
            for (product, count, startHour, first, last) in [("koplamp", 24, 0.0, 70.0, 40.0), ("achterlicht", 16, 5.0, 50.0, 28.0)] {
                var start = Self.firstMorning + offset * Self.day + Int64(startHour * 3_600_000_000)
                for n in 0..<count {
                    let number = (numbers[product] ?? 0) + 1
                    numbers[product] = number
                    let noise = Double((UInt64(number * 40 + index) &* 0x9E37_79B9_7F4A_7C15) >> 60) - 7.5
                    let seconds = last + (first - last) * exp(-d / 6) + noise
                    let errors = (number * 31 + index) % (3 + index) == 0 ? 1 : 0
                    let help = index < 5 && n % 6 == 0 ? 1 : 0
                    let level = product == "koplamp" ? (index < 5 ? 1 : index < 15 ? 2 : 3) : (index < 10 ? 1 : 2)
                    let micros = Int64(seconds * 1_000_000)
                    writes.append(.cycle(CycleRecord(
                        station: "fietslamp-1", worker: "W042", product: product, number: number, level: level, status: .done,
                        startedAt: start, endedAt: start + micros, duration: micros, errors: errors, help: help,
                        normTime: Int64((Self.norms[product] ?? 0) * 1_000_000),
                        errorRecords: errors == 0 ? [] : [.init(step: number % 2 == 0 ? "pak-behuizing" : "schroef-vast", index: 1,
                                                                at: start + 2_000_000, kind: "wrong_input", input: "bin-2")])))
                    start += micros + 20_000_000
                }
            }
        }
        for number in 1...3 {
            let start = Self.firstMorning + Int64(number) * Self.day + 1_000_000
            writes.append(.cycle(CycleRecord(
                station: "fietslamp-1", worker: "W9", product: "geheim-product", number: number, level: 1, status: .done,
                startedAt: start, endedAt: start + 20_000_000, duration: 20_000_000, errors: 1, help: 0, normTime: 10_000_000,
                errorRecords: [.init(step: "geheime-stap", index: 1, at: start, kind: "wrong_input", input: "bin-2")])))
        }
        try journal.record(writes, station: "fietslamp-1")
        for (product, index, level) in [("koplamp", 5, 2), ("achterlicht", 10, 2), ("koplamp", 15, 3)] {
            try journal.setLevel(worker: "W042", product: product, level: level, by: "S001", reason: "gaat goed",
                                 at: Self.firstMorning + Self.workingDays[index] * Self.day - 3_600_000_000)
        }
    }

    /// The whole of November as asked for on the command line: `--since 2026-11-01 --until 2026-12-01`.
    static let november = JournalExport.Filter(since: 1_793_491_200_000_000, until: 1_796_083_200_000_000)

    static func settings(_ language: ReportLanguage = .nl) -> ReportSettings {
        ReportSettings(language: language, zone: zone, madeAt: madeAt)
    }
}
