import Evdev
import Foundation
import Testing

/// The `#define NAME value` lines of the kernel header this machine builds against.
private func headerNames() throws -> [(name: String, value: String)] {
    let text = try String(contentsOfFile: "/usr/include/linux/input-event-codes.h", encoding: .utf8)
    return text.split(separator: "\n").compactMap { line in
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count >= 3, parts[0] == "#define" else { return nil }
        return (String(parts[1]), String(parts[2]))
    }
}

/// The event type a code name belongs to, by its prefix.
private let typeOfPrefix = ["SYN": "EV_SYN", "KEY": "EV_KEY", "BTN": "EV_KEY", "REL": "EV_REL", "ABS": "EV_ABS", "MSC": "EV_MSC",
                            "SW": "EV_SW", "LED": "EV_LED", "SND": "EV_SND", "REP": "EV_REP", "FF": "EV_FF"]

@Suite("EvdevNames")
struct EvdevNamesTests {
    @Test func knowsTheTypesAndCodesOfEveryKind() {
        #expect(EvdevNames.type(named: "EV_REL") == 2)
        #expect(EvdevNames.code(named: "REL_X", type: 2) == 0)
        #expect(EvdevNames.code(named: "ABS_MT_POSITION_X", type: 3) == 0x35)
        #expect(EvdevNames.code(named: "SW_LID", type: 5) == 0)
        #expect(EvdevNames.code(named: "BTN_TRIGGER_HAPPY40", type: 1) == 0x2e7)
        #expect(EvdevNames.code(named: "REL_X", type: 1) == nil, "a code of another type")
        #expect(EvdevNames.type(ofCodeNamed: "REL_X") == 2)
        #expect(EvdevNames.type(named: "EV_NOPE") == nil)
        #expect(EvdevNames.describe(type: 2, code: 0) == "EV_REL REL_X")
        #expect(EvdevNames.describe(type: 1, code: 0x2fe) == "EV_KEY 0x2fe")
        #expect(EvdevNames.describe(type: 0x1e, code: 5) == "type 0x1e code 0x5")
    }

    /// Every type and code name of linux/input-event-codes.h, not a hand list.
    @Test func everyNameOfTheKernelHeaderIsKnown() throws {
        var checked = 0
        var unknown: [String] = []
        for (name, value) in try headerNames() {
            guard let prefix = name.split(separator: "_").first.map(String.init), !name.hasSuffix("_MAX"), !name.hasSuffix("_CNT") else { continue }
            if prefix == "EV" {
                checked += 1
                if EvdevNames.type(named: name) == nil { unknown.append(name) }
                continue
            }
            guard let typeName = typeOfPrefix[prefix], let type = EvdevNames.type(named: typeName) else { continue }
            // FF_STATUS_* are values of EV_FF_STATUS events, not codes of EV_FF.
            if name.hasPrefix("FF_STATUS") { continue }
            checked += 1
            guard let code = EvdevNames.code(named: name, type: type) else {
                unknown.append(name)
                continue
            }
            if let number = Int(value.hasPrefix("0x") ? String(value.dropFirst(2)) : value, radix: value.hasPrefix("0x") ? 16 : 10) {
                #expect(Int(code) == number, "\(name)")
            }
        }
        #expect(checked > 700, "the header was read")
        #expect(unknown.isEmpty, "names libevdev does not know: \(unknown)")
    }
}
