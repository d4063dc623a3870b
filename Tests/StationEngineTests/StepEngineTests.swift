import StationEngine
import StationModel
import Testing
import TestSupport

/// Seconds to engine microseconds.
private func s(_ seconds: Double) -> Micros { Micros((seconds * 1_000_000).rounded()) }

/// Drives an engine over the fixture station and keeps every event.
private struct Driver {
    var engine: StepEngine
    var events: [TraceEvent] = []

    init(history: EngineHistory = .empty) throws {
        engine = StepEngine(station: try StationFixture().load(), history: history)
    }

    /// Sends `input` at `t` seconds and returns only the events it caused.
    @discardableResult
    mutating func at(_ t: Double, _ input: EngineInput) -> [TraceEvent.Kind] {
        let new = engine.handle(input, at: s(t))
        events += new
        return new.map(\.kind)
    }

    mutating func press(_ t: Double, _ name: String) -> [TraceEvent.Kind] { at(t, .input(name, .press)) }
    mutating func tool(_ t: Double, ok: Bool) -> [TraceEvent.Kind] { at(t, .input("torque", .tool(ok: ok))) }
    mutating func scan(_ t: Double, _ text: String) -> [TraceEvent.Kind] { at(t, .input("scanner", .text(text))) }

    /// Logs W1 in and starts `lamp` at t = 0.
    mutating func startLamp() {
        at(0, .badge("W1"))
        at(0, .product("lamp"))
    }

    /// Completes pick and screws from t = 1, leaving `serial` current at t = 4.
    mutating func reachSerial() {
        startLamp()
        _ = press(1, "bin-1")
        _ = tool(2, ok: true)
        _ = tool(4, ok: true)
    }

    /// Leaves `seal` (clear: supervisor) current at t = 5.
    mutating func reachSeal() {
        reachSerial()
        _ = scan(5, "LMP-001")
    }

    var currentStepIndex: Int? { engine.cycle?.step.index }
}

@Suite("StepEngine")
struct StepEngineTests {
    // MARK: Steps and done conditions

    @Test func productSelectionStartsFirstCycleAndStep() throws {
        var d = try Driver()
        #expect(d.at(0, .badge("W1")) == [.login(worker: "W1")])
        #expect(d.at(0.5, .product("lamp")) == [
            .cycleStart(worker: "W1", product: "lamp", cycle: 1, level: 1),
            .step(step: "pick", index: 1),
        ])
    }

    @Test func stepIsDoneByItsInputAndTheNextBecomesCurrent() throws {
        var d = try Driver()
        d.startLamp()
        #expect(d.press(2.5, "bin-1") == [.stepDone(step: "pick", duration: s(2.5)), .step(step: "screws", index: 2)])
    }

    @Test func countNeedsThatManyGoodResults() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-1")
        #expect(d.tool(2, ok: true).isEmpty)
        #expect(d.engine.cycle?.step.count == 1)
        #expect(d.tool(3, ok: true) == [.stepDone(step: "screws", duration: s(2)), .step(step: "serial", index: 3)])
    }

    @Test func toolResultThatIsNotOkIsAnErrorAndIsNotCounted() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-1")
        _ = d.tool(2, ok: true)
        #expect(d.tool(3, ok: false) == [.error(step: "screws", kind: .toolNotOK, input: "torque")])
        #expect(d.engine.cycle?.step.count == 1)
        #expect(d.press(4, "confirm") == [.cleared(step: "screws", by: .acknowledge)])
        #expect(d.tool(5, ok: true).first == .stepDone(step: "screws", duration: s(4)))
    }

    @Test func textMustMatchThePattern() throws {
        var d = try Driver()
        d.reachSerial()
        #expect(d.scan(5, "LMP-12") == [.error(step: "serial", kind: .noMatch, input: "scanner")])
        // serial clears automatically 3 s after the error, before the good scan.
        #expect(d.scan(9, "LMP-123") == [.cleared(step: "serial", by: .auto), .stepDone(step: "serial", duration: s(5)),
                                         .step(step: "seal", index: 4)])
    }

    // MARK: Errors

    @Test func wrongInputIsAnErrorEvenWhenItIsAnotherStepsDoneInput() throws {
        var d = try Driver()
        d.reachSeal()
        // bin-1 is step 1's done input and is listed in seal's wrong.
        #expect(d.press(6, "bin-1") == [.error(step: "seal", kind: .wrongInput, input: "bin-1")])
    }

    @Test func pickOfAnotherStepsSensorIsOutOfOrder() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-1")
        #expect(d.press(2, "bin-3") == [.error(step: "screws", kind: .outOfOrder, input: "bin-3")])
    }

    @Test func buttonOfAnotherStepIsNotOutOfOrder() throws {
        var d = try Driver()
        d.startLamp()
        // confirm is the done input of `check` but a button, not a pick sensor.
        #expect(d.press(1, "confirm").isEmpty)
        #expect(d.engine.cycle?.step.openError == nil)
    }

    @Test func sensorNoStepUsesIsIgnored() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-1")
        #expect(d.press(2, "bin-2").isEmpty)
    }

    @Test func openErrorBlocksTheDoneInputAndIgnoresOthers() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-2")
        #expect(d.press(2, "bin-1") == [.blocked(step: "pick", input: "bin-1")])
        #expect(d.press(3, "bin-2").isEmpty, "a second wrong input is ignored, not a new error")
        #expect(d.press(3.5, "bin-3").isEmpty)
        #expect(d.scan(3.6, "cap").isEmpty, "a product scan is ignored while an error is open")
        #expect(d.at(3.7, .badge("W2")).isEmpty, "a badge is ignored while an error is open")
        #expect(d.press(4, "help") == [.help(step: "pick", level: 1)])
        #expect(d.press(5, "confirm") == [.cleared(step: "pick", by: .acknowledge)])
        #expect(d.press(6, "bin-1") == [.stepDone(step: "pick", duration: s(6)), .step(step: "screws", index: 2)])
        #expect(d.engine.cycle?.errors == 1)
    }

    // MARK: Clearing

    @Test func autoClearFiresAfterThreeSecondsAtItsOwnTime() throws {
        var d = try Driver()
        d.reachSerial()
        _ = d.scan(5, "nope")
        #expect(d.press(7.9, "confirm").isEmpty, "acknowledge does not clear an auto error")
        // The timer is due at 8.0, before this input at 9.0.
        let new = d.engine.handle(.input("scanner", .text("LMP-001")), at: s(9))
        #expect(new.first == TraceEvent(time: s(8), kind: .cleared(step: "serial", by: .auto)))
        #expect(new.dropFirst().first == TraceEvent(time: s(9), kind: .stepDone(step: "serial", duration: s(5))))
    }

    @Test func timerDueAtTheInputsTimeFiresFirst() throws {
        var d = try Driver()
        d.reachSerial()
        _ = d.scan(5, "nope")
        #expect(d.engine.nextDeadline == s(8))
        #expect(d.scan(8, "LMP-001") == [
            .cleared(step: "serial", by: .auto),
            .stepDone(step: "serial", duration: s(4)),
            .step(step: "seal", index: 4),
        ])
    }

    @Test func advanceFiresDueTimersWithoutInput() throws {
        var d = try Driver()
        d.reachSerial()
        _ = d.scan(5, "nope")
        #expect(d.engine.advance(to: s(7.5)).isEmpty)
        #expect(d.engine.advance(to: s(8)) == [TraceEvent(time: s(8), kind: .cleared(step: "serial", by: .auto))])
        #expect(d.engine.nextDeadline == nil)
    }

    @Test func supervisorErrorIsClearedOnlyBySupervisorBadge() throws {
        var d = try Driver()
        d.reachSeal()
        _ = d.press(6, "bin-1")
        #expect(d.press(7, "confirm").isEmpty, "acknowledge does not clear a supervisor error")
        #expect(d.at(8, .badge("W1")).isEmpty, "the worker's own badge neither clears nor logs out")
        #expect(d.at(9, .badge("W9")).isEmpty, "a non-supervisor badge is ignored")
        #expect(d.at(10, .badge("S001")) == [.cleared(step: "seal", by: .supervisor)])
        #expect(d.engine.worker == "W1", "the supervisor's badge logs nobody in or out")
        #expect(d.press(11, "bin-3").first == .stepDone(step: "seal", duration: s(6)))
    }

    @Test func supervisorBadgeAtTheLoginInputClearsToo() throws {
        var d = try Driver()
        d.reachSeal()
        _ = d.press(6, "bin-1")
        #expect(d.at(7, .input("badge", .text("S001"))) == [.cleared(step: "seal", by: .supervisor)])
    }

    // MARK: Help and slow

    @Test func helpShowsOneLevelMoreDetailUntilTheNextStep() throws {
        var d = try Driver(history: EngineHistory(lastCycleNumber: { _, _ in 0 }, level: { _, _ in 3 }))
        d.startLamp()
        #expect(d.events.contains(.init(time: 0, kind: .cycleStart(worker: "W1", product: "lamp", cycle: 1, level: 3))))
        #expect(d.press(1, "help") == [.help(step: "pick", level: 2)])
        #expect(d.press(2, "help") == [.help(step: "pick", level: 1)])
        #expect(d.press(3, "help") == [.help(step: "pick", level: 1)], "level 1 is the most detailed")
        _ = d.press(4, "bin-1")
        #expect(d.engine.cycle?.step.shownLevel == 3, "the next step is shown at the worker's level again")
        #expect(d.engine.cycle?.help == 3)
    }

    @Test func helpWithoutARunningCycleIsIgnored() throws {
        var d = try Driver()
        _ = d.at(0, .badge("W1"))
        #expect(d.press(1, "help").isEmpty)
    }

    @Test func slowFiresOnceAtMaxSeconds() throws {
        var d = try Driver()
        d.startLamp()
        #expect(d.engine.nextDeadline == s(10))
        let new = d.engine.handle(.input("bin-1", .press), at: s(12))
        #expect(new.map(\.kind) == [.slow(step: "pick", duration: s(10)), .stepDone(step: "pick", duration: s(12)),
                                    .step(step: "screws", index: 2)])
        #expect(new[0].time == s(10))
    }

    @Test func slowIsNotReportedWhenTheStepEndsInTime() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(9.999, "bin-1")
        #expect(d.engine.advance(to: s(100)).isEmpty)
    }

    @Test func slowFiresEvenWhileAnErrorIsOpen() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(9, "bin-2")
        #expect(d.press(11, "bin-1") == [.slow(step: "pick", duration: s(10)), .blocked(step: "pick", input: "bin-1")])
    }

    // MARK: Login, logout, switching

    @Test func sameBadgeLogsOutAndAbandonsTheCycle() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-1")
        #expect(d.at(2, .badge("W1")) == [.cycleAbandoned(worker: "W1", product: "lamp", cycle: 1), .logout(worker: "W1")])
        #expect(d.engine.phase == .loggedOut)
    }

    @Test func anotherBadgeSwitchesWorkers() throws {
        var d = try Driver()
        d.startLamp()
        #expect(d.at(1, .badge("W2")) == [
            .cycleAbandoned(worker: "W1", product: "lamp", cycle: 1), .logout(worker: "W1"), .login(worker: "W2"),
        ])
        #expect(d.engine.phase == .idle(worker: "W2"), "the new worker selects a product first")
    }

    @Test func logoutWithoutCycleHasNoAbandon() throws {
        var d = try Driver()
        _ = d.at(0, .badge("W1"))
        #expect(d.at(1, .logout) == [.logout(worker: "W1")])
        #expect(d.at(2, .logout).isEmpty, "nobody is logged in")
    }

    @Test func explicitLogoutWorksWhileAnErrorIsOpen() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-2")
        #expect(d.at(2, .logout) == [.cycleAbandoned(worker: "W1", product: "lamp", cycle: 1), .logout(worker: "W1")])
    }

    @Test func inputsWhileLoggedOutAreIgnored() throws {
        var d = try Driver()
        #expect(d.press(1, "bin-1").isEmpty)
        #expect(d.press(1, "help").isEmpty)
        #expect(d.at(2, .product("lamp")).isEmpty, "selecting with nobody logged in is ignored")
        #expect(d.engine.phase == .loggedOut)
    }

    // MARK: Product selection

    @Test func selectingTheRunningProductChangesNothing() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-1")
        #expect(d.scan(2, "lamp").isEmpty)
        #expect(d.currentStepIndex == 1)
    }

    @Test func selectingAnotherProductAbandonsTheCycle() throws {
        var d = try Driver()
        d.startLamp()
        #expect(d.scan(1, "cap") == [
            .cycleAbandoned(worker: "W1", product: "lamp", cycle: 1),
            .cycleStart(worker: "W1", product: "cap", cycle: 1, level: 1),
            .step(step: "take", index: 1),
        ])
    }

    @Test func unknownProductTextIsIgnored() throws {
        var d = try Driver()
        d.startLamp()
        #expect(d.scan(1, "no-such-product").isEmpty)
    }

    @Test func textAtTheSelectInputBelongsToTheStepThatWaitsForIt() throws {
        var d = try Driver()
        d.reachSerial()
        #expect(d.scan(5, "cap") == [.error(step: "serial", kind: .noMatch, input: "scanner")],
                "a product id scanned while the step waits for a scan is the step's text")
    }

    @Test func badgeAtTheLoginInputLogsIn() throws {
        var d = try Driver()
        #expect(d.at(0, .input("badge", .text("W7"))) == [.login(worker: "W7")])
    }

    // MARK: Cycles

    @Test func cyclesChainAndCount() throws {
        var d = try Driver()
        d.reachSeal()
        _ = d.press(6, "bin-3")
        #expect(d.press(7, "confirm") == [
            .stepDone(step: "check", duration: s(1)),
            .cycleDone(worker: "W1", product: "lamp", cycle: 1, duration: s(7), errors: 0, help: 0),
            .cycleStart(worker: "W1", product: "lamp", cycle: 2, level: 1),
            .step(step: "pick", index: 1),
        ])
        #expect(d.engine.cycle?.startedAt == s(7))
    }

    @Test func cycleNumbersContinueFromHistoryAndCountAbandonedCycles() throws {
        var d = try Driver(history: EngineHistory(lastCycleNumber: { worker, product in
            worker == "W1" && product == "lamp" ? 41 : 0
        }, level: { _, _ in 2 }))
        d.startLamp()
        #expect(d.events.last?.kind == .step(step: "pick", index: 1))
        #expect(d.engine.cycle?.number == 42)
        _ = d.scan(1, "cap")
        _ = d.scan(2, "lamp")
        #expect(d.engine.cycle?.number == 43, "the abandoned cycle 42 keeps its number")
        #expect(d.engine.cycle?.level == 2)
    }

    @Test func cycleDoneCountsErrorsAndHelp() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(1, "bin-2")
        _ = d.press(2, "confirm")
        _ = d.press(3, "help")
        _ = d.press(4, "bin-1")
        _ = d.tool(5, ok: false)
        _ = d.press(6, "confirm")
        _ = d.tool(7, ok: true)
        _ = d.tool(8, ok: true)
        _ = d.scan(9, "LMP-001")
        _ = d.press(10, "bin-3")
        let end = d.press(11, "confirm")
        #expect(end.contains(.cycleDone(worker: "W1", product: "lamp", cycle: 1, duration: s(11), errors: 2, help: 1)))
    }

    // MARK: Levels

    @Test func fiveCleanFastCyclesGiveAdviceRightAfterTheFifth() throws {
        var d = try Driver()
        _ = d.at(0, .badge("W1"))
        _ = d.at(0, .product("cap"))
        var advice: [(Int, [TraceEvent.Kind])] = []
        for cycle in 1...6 {
            let events = d.press(Double(cycle) * 5, "bin-2")
            advice.append((cycle, events))
        }
        let fifth = advice[4].1
        #expect(fifth.map { if case .levelAdvice = $0 { "advice" } else { "" } }.filter { !$0.isEmpty } == ["advice"])
        let done = try #require(fifth.firstIndex { if case .cycleDone = $0 { true } else { false } })
        guard case let .levelAdvice(worker, product, from, to, _) = fifth[done + 1] else {
            Issue.record("level_advice must follow the fifth cycle_done: \(fifth)")
            return
        }
        #expect((worker, product, from, to) == ("W1", "cap", 1, 2))
        #expect(fifth[done + 2] == .cycleStart(worker: "W1", product: "cap", cycle: 6, level: 1), "without auto the level stays")
        #expect(!advice[5].1.contains { if case .levelAdvice = $0 { true } else { false } }, "not repeated")
    }

    @Test func autoAppliesTheAdviceFromTheNextCycle() throws {
        let yaml = StationFixture.stationYAML.replacingOccurrences(of: "supervisors: [S001]", with: "supervisors: [S001]\nlevels: { auto: true }")
        var engine = StepEngine(station: try StationFixture(station: yaml).load())
        _ = engine.handle(.badge("W1"), at: 0)
        _ = engine.handle(.product("cap"), at: 0)
        var last: [TraceEvent] = []
        for cycle in 1...5 { last = engine.handle(.input("bin-2", .press), at: s(Double(cycle) * 5)) }
        #expect(last.contains { $0.kind == .cycleStart(worker: "W1", product: "cap", cycle: 6, level: 2) })
        _ = engine.handle(.product("lamp"), at: s(30))
        #expect(engine.cycle?.level == 1, "levels are per product")
    }

    @Test func levelsComeFromHistoryPerWorkerAndHelpAtTwoShowsOne() throws {
        var d = try Driver(history: EngineHistory(lastCycleNumber: { _, _ in 0 }, level: { worker, _ in worker == "W1" ? 2 : 1 }))
        d.startLamp()
        #expect(d.engine.cycle?.level == 2)
        #expect(d.press(1, "help") == [.help(step: "pick", level: 1)])
        _ = d.at(2, .badge("W2"))
        _ = d.at(2, .product("lamp"))
        #expect(d.engine.cycle?.level == 1, "another worker starts at level 1")
    }

    // MARK: Devices

    @Test func boardOfflineIsADeviceErrorThatBlocksUntilItIsBack() throws {
        var d = try Driver()
        d.startLamp()
        #expect(d.at(1, .deviceOffline("board")) == [.error(step: "pick", kind: .device, input: "board")])
        #expect(d.press(2, "bin-1").isEmpty, "inputs are ignored while the board is offline")
        #expect(d.press(2, "confirm").isEmpty)
        #expect(d.at(3, .deviceOffline("board")).isEmpty, "reported once")
        #expect(d.at(4, .deviceOnline("board")) == [.cleared(step: "pick", by: .auto)])
        #expect(d.press(5, "bin-1").first == .stepDone(step: "pick", duration: s(5)))
        #expect(d.engine.cycle?.errors == 1)
    }

    @Test func offlineWithoutACycleBlocksWithoutAnError() throws {
        var d = try Driver()
        #expect(d.at(0, .deviceOffline("board")).isEmpty)
        #expect(d.at(1, .badge("W1")).isEmpty, "blocked: nobody can log in")
        #expect(d.at(2, .deviceOnline("board")).isEmpty)
        #expect(d.at(3, .badge("W1")) == [.login(worker: "W1")])
    }

    @Test func logoutStillWorksWhileOffline() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.at(1, .deviceOffline("board"))
        #expect(d.at(2, .logout) == [.cycleAbandoned(worker: "W1", product: "lamp", cycle: 1), .logout(worker: "W1")])
    }

    @Test func earlierTimestampIsTreatedAsNow() throws {
        var d = try Driver()
        d.startLamp()
        _ = d.press(5, "bin-2")
        let new = d.engine.handle(.input("confirm", .press), at: s(4))
        #expect(new == [TraceEvent(time: s(5), kind: .cleared(step: "pick", by: .acknowledge))])
    }

    // MARK: Text from outside

    @Test(arguments: [
        ("W1\u{0}X", "control character U+0000 at character 3"),
        ("W1\u{7F}", "control character U+007F at character 3"),
        ("\u{85}W1", "control character U+0085 at character 1"),
        ("W\u{202E}1", "invisible or unassigned character U+202E at character 2"),
        (String(repeating: "W", count: 65), "longer than 64 characters"),
        ("", "empty"),
    ])
    func badBadgeTextIsDroppedAndNeverAWorker(badge: String, problem: String) throws {
        var d = try Driver()
        #expect(d.at(1, .badge(badge)) == [.dropped(source: .script, reason: "bad text for login: \(problem)")])
        #expect(d.engine.worker == nil)
        let viaInput = d.engine.handle(.input("badge", .text(badge)), at: s(2), from: .evdev)
        #expect(viaInput.map(\.kind) == [.dropped(source: .evdev, reason: "bad text for input \"badge\": \(problem)")],
                "the login input's text is a badge too")
        #expect(d.engine.worker == nil)
        #expect(d.at(3, .badge("W1")) == [.login(worker: "W1")], "a good badge afterwards logs in")
    }

    @Test func badScannedTextIsDroppedBeforeItCanStartOrMatchAnything() throws {
        var d = try Driver()
        d.at(0, .badge("W1"))
        #expect(d.at(1, .product("lamp\u{0}")) == [.dropped(source: .script, reason: "bad text for product: control character U+0000 at character 5")])
        #expect(d.engine.cycle == nil)
        let long = String(repeating: "L", count: InputText.maxScanLength + 1)
        #expect(d.scan(2, long) == [.dropped(source: .script, reason: "bad text for input \"scanner\": longer than 256 characters")])
        #expect(d.engine.cycle == nil)
        #expect(d.scan(3, "lamp").contains { if case .cycleStart = $0 { true } else { false } }, "scanner texts up to the limit are fine")
    }

    @Test func aHostileJournalCycleNumberDoesNotTrap() throws {
        var d = try Driver(history: EngineHistory(lastCycleNumber: { _, _ in Int.max }, level: { _, _ in 1 }))
        d.at(0, .badge("W1"))
        #expect(d.at(1, .product("lamp")).contains(.cycleStart(worker: "W1", product: "lamp", cycle: Int.max, level: 1)))
    }

    @Test func printableTextOfEveryScriptIsKept() {
        for text in ["W042", "Zoë", "田中", "=1+2", String(repeating: "x", count: 64)] {
            #expect(InputText.problem(in: text, kind: .badge) == nil, "\(text)")
        }
        for text in ["Zoë Ünal", "a b", "LMP-123 456"] {
            #expect(InputText.problem(in: text, kind: .scan) == nil, "\(text)")
        }
    }

    /// Ids that look like another worker's, or like nothing, are never workers.
    @Test func invisibleAndLookalikeBadgesAreRefused() {
        for text in ["\u{FEFF}W1", "W\u{200B}Z", " ", "W1 ", "W 1", "\u{FFFE}", "\u{10FFFF}", "\u{061C}W1", "\u{E000}W1", "W\u{2029}"] {
            #expect(InputText.problem(in: text, kind: .badge) != nil, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(InputText.problem(in: " lamp", kind: .scan) == "a space at the start or end")
        #expect(InputText.escaped("a\u{1B}[31mb\u{0}") == "a\\u{1B}[31mb\\u{0}")
    }
}
