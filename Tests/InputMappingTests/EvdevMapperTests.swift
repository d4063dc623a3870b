import InputMapping
import StationEngine
import StationModel
import Testing
import TestSupport

private let buttons = EvdevDeviceIdentity(name: "Station Buttons")
private let badgeReader = EvdevDeviceIdentity(name: "RFID Reader")

private func key(_ device: EvdevDeviceIdentity, _ name: String, _ value: Int32) -> EvdevEvent {
    EvdevEvent(device: device, type: 1, code: LinuxKeyCodes.byName[name]!, value: value)
}

/// Key presses and releases that type `text` on a US keyboard wedge, then Enter.
func typing(_ text: String, on device: EvdevDeviceIdentity) -> [EvdevEvent] {
    var events: [EvdevEvent] = []
    let shifted: [Character: String] = ["_": "KEY_MINUS", "!": "KEY_1"]
    for character in text {
        let upper = character.isUppercase || shifted[character] != nil
        let name: String
        switch character {
        case "-": name = "KEY_MINUS"
        case let c where c.isNumber: name = "KEY_\(c)"
        case let c where shifted[c] != nil: name = shifted[c]!
        default: name = "KEY_\(character.uppercased())"
        }
        if upper { events.append(key(device, "KEY_LEFTSHIFT", 1)) }
        events += [key(device, name, 1), key(device, name, 0)]
        if upper { events.append(key(device, "KEY_LEFTSHIFT", 0)) }
    }
    return events + [key(device, "KEY_ENTER", 1), key(device, "KEY_ENTER", 0)]
}

@Suite("EvdevMapper")
struct EvdevMapperTests {
    let station = try! StationFixture().load()

    @Test func pressFiresAndReleaseAndAutorepeatAreIgnored() {
        var mapper = EvdevMapper(station: station)
        #expect(mapper.map(key(buttons, "BTN_0", 1)) == .input(.input("confirm", .press)))
        #expect(mapper.map(key(buttons, "BTN_0", 2)) == nil)
        #expect(mapper.map(key(buttons, "BTN_0", 0)) == nil)
        #expect(mapper.map(key(buttons, "BTN_1", 1)) == .input(.input("help", .press)))
        #expect(mapper.map(EvdevEvent(device: buttons, type: 0, code: 0, value: 0)) == nil, "SYN_REPORT")
    }

    @Test func everyEventOfACodeNoInputUsesIsDroppedAndFramingIsNot() {
        var mapper = EvdevMapper(station: station)
        let unmapped = "unmapped code type 1 code 261 on \"Station Buttons\""
        #expect(mapper.map(key(buttons, "BTN_5", 1)) == .dropped(reason: unmapped), "a key no input names")
        #expect(mapper.map(key(buttons, "BTN_5", 0)) == .dropped(reason: unmapped))
        #expect(mapper.map(EvdevEvent(device: buttons, type: 2, code: 0, value: 3)) == .dropped(reason: "unmapped code type 2 code 0 on \"Station Buttons\""),
                "REL_X from a named device")
        for framing in [EvdevEvent(device: buttons, type: 0, code: 0, value: 0), EvdevEvent(device: badgeReader, type: 4, code: 4, value: 0x70004),
                        EvdevEvent(device: EvdevDeviceIdentity(name: "USB Mouse"), type: 4, code: 4, value: 1)] {
            #expect(mapper.map(framing) == nil, "SYN_REPORT and MSC_SCAN frame other events")
        }
        #expect(mapper.map(EvdevEvent(device: buttons, type: 4, code: 5, value: 1)) != nil, "MSC_TIMESTAMP is not framing")
    }

    @Test func namesInReasonsComeFromTheGivenNaming() {
        var mapper = EvdevMapper(station: station, describe: { type, code in "T\(type)C\(code)" })
        #expect(mapper.map(EvdevEvent(device: buttons, type: 2, code: 8, value: 1)) == .dropped(reason: "unmapped code T2C8 on \"Station Buttons\""))
    }

    @Test func aTextTypedWithAKeyThatTypesNothingIsBadTextNotAShorterText() {
        var mapper = EvdevMapper(station: station)
        let events = [key(badgeReader, "KEY_W", 1), key(badgeReader, "KEY_TAB", 1), key(badgeReader, "KEY_TAB", 0), key(badgeReader, "KEY_1", 1),
                      key(badgeReader, "KEY_ENTER", 1)]
        let outputs = events.compactMap { mapper.map($0) }
        #expect(outputs.count == 3)
        #expect(outputs.last == .dropped(reason: "bad text for input \"badge\": typed with type 1 code 15, which types no character"))
        #expect(!outputs.contains { if case .input = $0 { true } else { false } }, "no login as \"W1\"")
        #expect(typing("W2", on: badgeReader).compactMap { mapper.map($0) } == [.input(.input("badge", .text("W2")))], "the next text is fine")
    }

    @Test func aReaderThatNeverSendsEnterCannotGrowTheTextWithoutEnd() {
        var mapper = EvdevMapper(station: station)
        let scanner = EvdevDeviceIdentity(name: "Barcode Scanner")
        for _ in 0..<100_000 { _ = mapper.map(key(scanner, "KEY_A", 1)) }
        guard case .dropped(let reason)? = mapper.map(key(scanner, "KEY_ENTER", 1)) else {
            Issue.record("an over-long text is not dropped")
            return
        }
        #expect(reason == "bad text for input \"scanner\": longer than \(InputText.maxScanLength) characters")
        let exact = String(repeating: "a", count: InputText.maxScanLength)
        #expect(typing(exact, on: scanner).compactMap { mapper.map($0) } == [.input(.input("scanner", .text(exact)))])
    }

    @Test func deviceNamesInReasonsCannotCarryEscapeSequences() {
        var mapper = EvdevMapper(station: station)
        let hostile = EvdevDeviceIdentity(name: "Mouse\u{1B}[2J\u{202E}")
        #expect(mapper.map(key(hostile, "BTN_LEFT", 1)) == .dropped(reason: "unknown device \"Mouse\\u{1B}[2J\\u{202E}\""))
    }

    @Test func keyboardWedgeTypesTextWithShiftUntilEnter() {
        var mapper = EvdevMapper(station: station)
        let outputs = typing("LMP-000042_x!", on: EvdevDeviceIdentity(name: "Barcode Scanner")).compactMap { mapper.map($0) }
        #expect(outputs == [.input(.input("scanner", .text("LMP-000042_x!")))])
    }

    @Test func autorepeatDoesNotTypeTwiceAndShiftSurvivesIt() {
        var mapper = EvdevMapper(station: station)
        let events = [key(badgeReader, "KEY_LEFTSHIFT", 1), key(badgeReader, "KEY_LEFTSHIFT", 2), key(badgeReader, "KEY_W", 1),
                      key(badgeReader, "KEY_W", 2), key(badgeReader, "KEY_W", 0), key(badgeReader, "KEY_LEFTSHIFT", 0),
                      key(badgeReader, "KEY_7", 1), key(badgeReader, "KEY_ENTER", 1)]
        #expect(events.compactMap { mapper.map($0) } == [.input(.input("badge", .text("W7")))])
    }

    @Test func enterWithoutTextGivesNothing() {
        var mapper = EvdevMapper(station: station)
        #expect(mapper.map(key(badgeReader, "KEY_ENTER", 1)) == nil)
    }

    @Test func devicesTypeIndependently() {
        var mapper = EvdevMapper(station: station)
        let scanner = EvdevDeviceIdentity(name: "Barcode Scanner")
        _ = mapper.map(key(scanner, "KEY_A", 1))
        _ = mapper.map(key(badgeReader, "KEY_B", 1))
        #expect(mapper.map(key(scanner, "KEY_ENTER", 1)) == .input(.input("scanner", .text("a"))))
        #expect(mapper.map(key(badgeReader, "KEY_ENTER", 1)) == .input(.input("badge", .text("b"))))
    }

    @Test func unknownDeviceIsDropped() {
        var mapper = EvdevMapper(station: station)
        let mouse = EvdevDeviceIdentity(name: "USB Mouse")
        #expect(mapper.map(key(mouse, "BTN_LEFT", 1)) == .dropped(reason: "unknown device \"USB Mouse\""))
        #expect(mapper.map(EvdevEvent(device: mouse, type: 0, code: 0, value: 0)) == nil)
    }

    /// "W8" with events lost after the W must not become worker "8".
    @Test func synDroppedDiscardsTheTextUpToTheNextEnter() {
        var mapper = EvdevMapper(station: station)
        _ = mapper.map(key(badgeReader, "KEY_A", 1))
        #expect(mapper.map(EvdevEvent(device: badgeReader, type: 0, code: 3, value: 0)) != nil)
        _ = mapper.map(key(badgeReader, "KEY_B", 1))
        guard case .dropped(let reason)? = mapper.map(key(badgeReader, "KEY_ENTER", 1)) else {
            Issue.record("the rest of the text after SYN_DROPPED was used")
            return
        }
        #expect(reason.hasPrefix("bad text") && reason.contains("SYN_DROPPED"))
        _ = mapper.map(key(badgeReader, "KEY_C", 1))
        #expect(mapper.map(key(badgeReader, "KEY_ENTER", 1)) == .input(.input("badge", .text("c"))), "the next text is whole again")
    }

    /// The Enter of a text broken by lost events may be lost too: after a
    /// pause the next scan is whole and arrives; within the pause it does not.
    @Test func aPauseAfterLostEventsEndsTheBrokenText() {
        var mapper = EvdevMapper(station: station)
        #expect(mapper.map(EvdevEvent(device: badgeReader, type: 0, code: 3, value: 0), at: 1_000_000) != nil)
        _ = mapper.map(key(badgeReader, "KEY_8", 1), at: 1_050_000)   // the lost text goes on
        _ = mapper.map(key(badgeReader, "KEY_C", 1), at: 1_500_000)   // a pause: a new text
        #expect(mapper.map(key(badgeReader, "KEY_ENTER", 1), at: 1_510_000) == .input(.input("badge", .text("c"))))

        #expect(mapper.map(EvdevEvent(device: badgeReader, type: 0, code: 3, value: 0), at: 2_000_000) != nil)
        _ = mapper.map(key(badgeReader, "KEY_8", 1), at: 2_100_000)   // within the pause: still the broken text
        guard case .dropped? = mapper.map(key(badgeReader, "KEY_ENTER", 1), at: 2_110_000) else {
            Issue.record("a text typed right after lost events was used")
            return
        }
    }

    @Test func matchesByEveryGivenCriterion() throws {
        let inpak = try StationLoader.load(directory: Repository.root + "/stations/inpak-2")
        let mapper = EvdevMapper(station: inpak)
        #expect(mapper.serves(EvdevDeviceIdentity(name: "Barcode Scanner", vendor: 0x05E0, product: 0x1200)))
        #expect(!mapper.serves(EvdevDeviceIdentity(name: "Barcode Scanner", vendor: 0x1234, product: 0x1200)),
                "a live device with another vendor is not the scanner")
        #expect(mapper.serves(EvdevDeviceIdentity(name: "Barcode Scanner")), "a script may give only the name")
        #expect(mapper.inputs(servedBy: EvdevDeviceIdentity(name: "Station Buttons", phys: "usb-1/input0", vendor: 1, product: 2))
            == ["ok-button", "help-button"])
    }
}
