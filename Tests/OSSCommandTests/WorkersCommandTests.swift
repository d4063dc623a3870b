import Foundation
import JSONLines
import Journal
import Testing
import TestSupport

/// `oss workers`: the workers overview after `oss simulate`, as text and as
/// the console's `GET /api/workers` JSON.
@Suite("oss workers")
struct WorkersCommandTests {
    let temp = TemporaryDirectory()
    let station = StationFixture()

    /// `worker` logs in and does six clean one-step `cap` cycles 5 s apart
    /// (the fifth brings level advice), then an abandoned `lamp` cycle.
    private func simulate(worker: String = "W1") throws -> String {
        var badge = ""
        JSONLineBuilder.appendQuoted(worker, to: &badge)
        let lines = [#"{"t": 0, "login": \#(badge)}"#, #"{"t": 0, "product": "cap"}"#]
            + (1...6).map { #"{"t": \#($0 * 5), "input": "bin-2"}"# }
            + [#"{"t": 31, "product": "lamp"}"#, #"{"t": 32, "logout": true}"#]
        let events = temp.write("e.jsonl", lines.joined(separator: "\n") + "\n")
        let journalPath = temp.path + "/j.db"
        let run = try oss("simulate", "--station", station.stationPath, "--events", events, "--journal", journalPath,
                          "--start", "2026-03-02T08:00:00Z")
        #expect(run.status == 0, "\(run.stderr)")
        return journalPath
    }

    @Test func printsOneLinePerWorkerAndProductWithTheStandingAdvice() throws {
        let journalPath = try simulate()
        let text = try oss("workers", "--journal", journalPath)
        #expect(text.status == 0 && text.isClean, "\(text.stderr)")
        #expect(text.stdout == """
            W1  cap  level 1  cycles 6  last 2026-03-02T08:00:30.000Z  advice 2 (5 finished cycles in a row without errors \
            or help, each within 1.2 × the norm time)
            W1  lamp  level 1  cycles 0  last -  advice -

            """)
        let set = try oss("level", "set", "--journal", journalPath, "--worker", "W1", "--product", "cap", "1")
        #expect(set.status == 0, "\(set.stderr)")
        let after = try oss("workers", "--journal", journalPath)
        #expect(after.stdout.hasPrefix("W1  cap  level 1  cycles 6  last 2026-03-02T08:00:30.000Z  advice -\n"),
                "the supervisor decided after the advice: \(after.stdout)")
    }

    @Test func jsonIsTheConsolesArray() throws {
        let journalPath = try simulate()
        let run = try oss("workers", "--journal", journalPath, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        guard case .array(let rows) = try JSONParser.parse(run.stdout), case .object(let row)? = rows.first,
              case .array(let products)? = row["products"], case .object(let cap)? = products.first else {
            Issue.record("not the workers array: \(run.stdout)")
            return
        }
        #expect(rows.count == 1 && row.keys == ["worker", "products"] && row["worker"] == .string("W1"))
        #expect(cap.keys == ["product", "level", "cycles", "last_cycle_at", "advice", "advice_reason"])
        #expect(cap["product"] == .string("cap") && cap["last_cycle_at"] == .string("2026-03-02T08:00:30.000Z"))
        guard case .number(let advice)? = cap["advice"], case .number(let cycles)? = cap["cycles"] else {
            Issue.record("advice and cycles are numbers: \(cap)")
            return
        }
        #expect(advice.literal == "2" && cycles.literal == "6")
        #expect(products.count == 2, "lamp: one abandoned cycle, no finished one")
    }

    @Test func aHostileBadgeIsEscapedInBothForms() throws {
        let worker = #"<script>"x"</script>"#
        let journalPath = try simulate(worker: worker)
        let json = try oss("workers", "--journal", journalPath, "--json")
        #expect(json.stdout.contains(#""worker": "\u003cscript\u003e\"x\"\u003c/script\u003e""#), "\(json.stdout)")
        guard case .array(let rows) = try JSONParser.parse(json.stdout), case .object(let row)? = rows.first else {
            Issue.record("not an array of objects: \(json.stdout)")
            return
        }
        #expect(row["worker"] == .string(worker))
        let text = try oss("workers", "--journal", journalPath)
        #expect(text.stdout.hasPrefix(worker + "  cap  level 1  cycles 6  "), "\(text.stdout)")
    }

    @Test func aJournalWithoutWorkersSaysSo() throws {
        let journalPath = temp.path + "/empty.db"
        _ = try Journal(path: journalPath)
        #expect(try oss("workers", "--journal", journalPath, "--json").stdout == "[]\n")
        #expect(try oss("workers", "--journal", journalPath).stdout.contains("No worker has a cycle or a level"))
        let missing = try oss("workers", "--journal", temp.path + "/none.db")
        #expect(missing.status != 0 && missing.isClean)
    }
}
