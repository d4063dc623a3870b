import StationEngine
import StationModel

/// What an error says on the table, in words an assembler can act on: what
/// happened, then exactly what to do (undo, clear, go on). Things are named
/// by their label in the station's language; without one by their kind
/// ("bakje", "knop"), never by their id.
///
/// Dutch and English; every other language gets the English sentences (with
/// its own labels), as a sentence half in one language and half in another
/// reads worse than one whole foreign sentence.
public struct ErrorText: Sendable, Equatable {
    /// What happened: "Dit is het verkeerde bakje."
    public var problem: String
    /// What to do, in order: "Leg het terug. Druk op OK-knop. Pak dan uit bakje 2."
    public var action: String

    public init(_ error: ErrorView, step: Step?, station: Station) {
        let words = Words.of(station)
        let language = station.language
        let wrongLabel = station.label(of: error.input, in: language)
        let wrongKind = Self.kind(of: error.input, in: station)
        let wrong = words.noun(wrongKind)

        switch error.kind {
        case .wrongInput:
            problem = wrongLabel.map { words.wrongLabelled(wrong, $0) } ?? words.wrong(wrong)
        case .outOfOrder:
            problem = Self.capitalized(words.notYet(wrongLabel ?? wrong.this))
        case .toolNotOK:
            problem = Self.capitalized(words.toolNotOK(wrongLabel ?? wrong.the))
        case .noMatch:
            problem = words.noMatch
        case .device:
            problem = Self.capitalized(words.notWorking(wrongLabel ?? wrong.the))
        }

        var steps: [String] = []
        switch (error.kind, wrongKind) {
        case (.wrongInput, .sensor?), (.outOfOrder, _): steps.append(words.putBack)
        case (.wrongInput, .tool?): steps.append(words.putDown)
        default: break
        }
        if error.kind == .device {
            steps.append(words.waitOrCall)
        } else {
            switch error.clear {
            case .acknowledge:
                let name = station.roles.acknowledge
                steps.append(words.press(name.flatMap { station.label(of: $0, in: language) } ?? words.noun(.button).the))
            case .auto: steps.append(words.wait)
            case .supervisor: steps.append(words.callSupervisor)
            }
            if let step {
                let target = Target(step, station: station, words: words)
                steps.append(words.then(error.kind, target.kind, target.isBin, target.name))
            }
        }
        action = steps.joined(separator: " ")
    }

    /// What to do at `step`, with its `done` input's label: "Pak uit bak 1
    /// (behuizingen)." (help shows it at every level).
    public static func hint(for step: Step, station: Station) -> String {
        let words = Words.of(station)
        let target = Target(step, station: station, words: words)
        return words.act(target.kind, target.isBin, target.name)
    }

    /// The thing a step's `done` input is, as the sentences need it.
    private struct Target {
        let kind: Input.Kind?
        let isBin: Bool
        let name: String

        init(_ step: Step, station: Station, words: Words) {
            let label = station.label(of: step.done.input, in: station.language)
            kind = ErrorText.kind(of: step.done.input, in: station)
            // A sensor with a light of its name is a pick bin; a labelled one
            // without is a place to put something (a fixture, a plate); an
            // unlabelled one can only be called a bin.
            isBin = label == nil || station.outputs.contains { $0.name == step.done.input }
            name = label ?? words.noun(kind).right
        }
    }

    private static func kind(of name: String, in station: Station) -> Input.Kind? {
        station.input(named: name)?.kind
    }

    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}

/// The sentences of one language.
private struct Words: Sendable {
    /// A kind of thing in the forms the sentences need.
    struct Noun: Sendable { let bare, the, this, right: String }

    let nouns: [Input.Kind?: Noun]
    let wrong: @Sendable (Noun) -> String
    let wrongLabelled: @Sendable (Noun, String) -> String
    let notYet: @Sendable (String) -> String
    let toolNotOK: @Sendable (String) -> String
    let noMatch: String
    let notWorking: @Sendable (String) -> String
    let putBack, putDown, wait, callSupervisor, waitOrCall: String
    let press: @Sendable (String) -> String
    /// What to do once the error is cleared.
    let then: @Sendable (ErrorKind, Input.Kind?, Bool, String) -> String
    /// What to do at a step: the input's kind, whether it is a bin, its name.
    let act: @Sendable (Input.Kind?, Bool, String) -> String

    func noun(_ kind: Input.Kind?) -> Noun { nouns[kind] ?? nouns[nil]! }

    /// Dutch for Dutch stations, English for every other.
    static func of(_ station: Station) -> Words {
        station.language.split(separator: "-").first == "nl" ? dutch : english
    }

    static let dutch = Words(
        nouns: [
            .sensor: Noun(bare: "bakje", the: "het bakje", this: "dit bakje", right: "het goede bakje"),
            .button: Noun(bare: "knop", the: "de knop", this: "deze knop", right: "de goede knop"),
            .tool: Noun(bare: "gereedschap", the: "het gereedschap", this: "dit gereedschap", right: "het goede gereedschap"),
            .text: Noun(bare: "scanner", the: "de scanner", this: "deze scanner", right: "de scanner"),
            nil: Noun(bare: "apparaat", the: "het apparaat", this: "dit apparaat", right: "het goede apparaat"),
        ],
        wrong: { "Dit is \($0.the.hasPrefix("het") ? "het verkeerde" : "de verkeerde") \($0.bare)." },
        wrongLabelled: { "Dit is \($0.the.hasPrefix("het") ? "het verkeerde" : "de verkeerde") \($0.bare): \($1)." },
        notYet: { "\($0) is nog niet aan de beurt." },
        toolNotOK: { "\($0) meldt: niet goed vast." },
        noMatch: "Deze code is niet goed.",
        notWorking: { "\($0) werkt niet." },
        putBack: "Leg het terug.", putDown: "Leg het weg.", wait: "Wacht even.",
        callSupervisor: "Roep je begeleider.", waitOrCall: "Wacht even of roep je begeleider.",
        press: { "Druk op \($0)." },
        then: { kind, rightKind, isBin, right in
            switch (kind, rightKind) {
            case (.toolNotOK, _): "Draai dan opnieuw vast met \(right)."
            case (.noMatch, _): "Scan dan de goede code."
            case (_, .sensor?): isBin ? "Pak dan uit \(right)." : "Leg het dan op \(right)."
            case (_, .button?): "Druk dan op \(right)."
            case (_, .tool?): "Gebruik dan \(right)."
            default: "Scan dan met \(right)."
            }
        },
        act: { kind, isBin, target in
            switch kind {
            case .sensor?: isBin ? "Pak uit \(target)." : "Leg het op \(target)."
            case .button?: "Druk op \(target)."
            case .tool?: "Gebruik \(target)."
            default: "Scan met \(target)."
            }
        })

    static let english = Words(
        nouns: [
            .sensor: Noun(bare: "bin", the: "the bin", this: "this bin", right: "the right bin"),
            .button: Noun(bare: "button", the: "the button", this: "this button", right: "the right button"),
            .tool: Noun(bare: "tool", the: "the tool", this: "this tool", right: "the right tool"),
            .text: Noun(bare: "scanner", the: "the scanner", this: "this scanner", right: "the scanner"),
            nil: Noun(bare: "device", the: "the device", this: "this device", right: "the right device"),
        ],
        wrong: { "This is the wrong \($0.bare)." },
        wrongLabelled: { "This is the wrong \($0.bare): \($1)." },
        notYet: { "\($0): not yet." },
        toolNotOK: { "\($0) says: not tight." },
        noMatch: "This code is not right.",
        notWorking: { "\($0) is not working." },
        putBack: "Put it back.", putDown: "Put it down.", wait: "Wait a moment.",
        callSupervisor: "Call your supervisor.", waitOrCall: "Wait a moment or call your supervisor.",
        press: { "Press \($0)." },
        then: { kind, rightKind, isBin, right in
            switch (kind, rightKind) {
            case (.toolNotOK, _): "Then tighten again with \(right)."
            case (.noMatch, _): "Then scan the right code."
            case (_, .sensor?): isBin ? "Then take from \(right)." : "Then put it on \(right)."
            case (_, .button?): "Then press \(right)."
            case (_, .tool?): "Then use \(right)."
            default: "Then scan with \(right)."
            }
        },
        act: { kind, isBin, target in
            switch kind {
            case .sensor?: isBin ? "Take from \(target)." : "Put it on \(target)."
            case .button?: "Press \(target)."
            case .tool?: "Use \(target)."
            default: "Scan with \(target)."
            }
        })
}
