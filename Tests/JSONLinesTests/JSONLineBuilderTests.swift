import JSONLines
import Testing

@Suite("JSONLineBuilder")
struct JSONLineBuilderTests {
    @Test func anArrayOfObjectsKeepsTheirOrderAndSpacing() throws {
        var first = JSONLineBuilder(), second = JSONLineBuilder()
        first.add("a", int: 1)
        second.add("b", string: "x")
        var object = JSONLineBuilder()
        object.add("items", objects: [first, second])
        object.add("none", objects: [])
        #expect(object.line == #"{"items": [{"a": 1}, {"b": "x"}], "none": []}"#)
        #expect(try JSONParser.parse(object.line).kindName == "an object")
    }

    @Test func htmlSafeTextHasNoMarkupCharactersAndTheSameValue() throws {
        var object = JSONLineBuilder()
        object.add("id", string: #"</script><b a="1">&amp;"#)
        let safe = JSONLineBuilder.htmlSafe(object.line)
        #expect(safe == #"{"id": "\u003c/script\u003e\u003cb a=\"1\"\u003e\u0026amp;"}"#)
        #expect(try JSONParser.parse(safe) == JSONParser.parse(object.line))
        #expect(JSONLineBuilder.htmlSafe(#"{"id": "W1"}"#) == #"{"id": "W1"}"#)
    }
}
