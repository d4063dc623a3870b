@testable import Console
import Testing

@Suite("FormFields")
struct FormFieldsTests {
    @Test func decodesPlusAndPercent() throws {
        let fields = try FormFields(Substring("name=anna.admin&password=a+b%26c%3D%C3%A9&empty="))
        #expect(fields["name"] == "anna.admin")
        #expect(fields["password"] == "a b&c=é")
        #expect(fields["empty"] == "")
        #expect(fields.given("empty") == nil)
        #expect(fields["missing"] == nil)
    }

    @Test func refusesBrokenEncodingRepeatsAndFloods() {
        #expect(throws: FormFields.Malformed.encoding(field: "a")) { try FormFields(Substring("a=%zz")) }
        #expect(throws: FormFields.Malformed.encoding(field: "a")) { try FormFields(Substring("a=%C3")) }
        #expect(throws: FormFields.Malformed.repeated(field: "csrf")) { try FormFields(Substring("csrf=1&csrf=2")) }
        let flood = (0...FormFields.fieldLimit).map { "f\($0)=1" }.joined(separator: "&")
        #expect(throws: FormFields.Malformed.tooMany) { try FormFields(Substring(flood)) }
    }

    @Test func anEmptyQueryHasNoFields() throws {
        #expect(try FormFields(nil as String?).values.isEmpty)
        #expect(try FormFields(Substring("&&")).values.isEmpty)
    }
}
