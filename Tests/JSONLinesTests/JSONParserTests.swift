@testable import JSONLines
import Testing

@Suite("JSONParser")
struct JSONParserTests {
    @Test func parsesObjectsInOrderWithExactNumberLiterals() throws {
        let value = try JSONParser.parse(#"{"t": 3.20, "input": "bin-1", "ok": false, "n": null, "a": [1, -2e3]}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.keys == ["t", "input", "ok", "n", "a"])
        #expect(object["t"] == .number(JSONNumber(literal: "3.20")))
        #expect(object["ok"] == .bool(false), "booleans are never numbers")
        #expect(object["n"] == .null)
        #expect(object["a"] == .array([.number(JSONNumber(literal: "1")), .number(JSONNumber(literal: "-2e3"))]))
    }

    @Test func decodesEscapesAndUnicode() throws {
        let value = try JSONParser.parse(#""a\"b\\c\n\u00e9\ud83d\ude00 ł""#)
        #expect(value == .string("a\"b\\c\né😀 ł"))
    }

    @Test(arguments: [
        (#"{"t": 1,}"#, 9, "expected a member name"),
        (#"{"t": 01}"#, 7, "leading zero"),
        (#"{"t": 1} x"#, 10, "unexpected content"),
        (#"{"a": 1, "a": 2}"#, 10, "duplicate member"),
        (#"{"a": tru}"#, 7, "invalid literal"),
        (#"{"a": "x"#, 7, "unterminated string"),
        (#"{"a": .5}"#, 7, "unexpected character"),
        (#"["\ud800"]"#, 9, "unpaired surrogate"),
        ("", 1, "unexpected end"),
    ])
    func refusesInvalidJSONWithColumn(text: String, column: Int, message: String) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONParser.SyntaxError else { return false }
            return error.column == column && error.message.contains(message)
        }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test func builderWritesOrderedEscapedMembers() {
        var builder = JSONLineBuilder()
        builder.add("t", numberLiteral: "0.5")
        builder.add("type", string: "error")
        builder.add("text", string: "a\"b\n\u{1}")
        builder.add("n", int: -3)
        builder.add("ok", bool: true)
        builder.addNull("x")
        #expect(builder.line == #"{"t": 0.5, "type": "error", "text": "a\"b\n\u0001", "n": -3, "ok": true, "x": null}"#)
        #expect((try? JSONParser.parse(builder.line)) != nil)
    }
}
