import NIOCore
@testable import SiteStore
import Testing

@Suite("COPY text")
struct CopyTextTests {
    func text(_ build: (inout CopyText) -> Void) -> String {
        var copy = CopyText(capacity: 16)
        build(&copy)
        var buffer = copy.take()
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }

    @Test func fieldsAreTabSeparatedRowsEndInANewlineAndNullIsBackslashN() {
        #expect(text { $0.field(Int64(-42)); $0.field("a"); $0.field(nil as String?); $0.field(Int64.min); $0.endRow() }
                == "-42\ta\t\\N\t-9223372036854775808\n")
        #expect(text { $0.field(Int64(1)); $0.endRow(); $0.field(Int64(2)); $0.endRow() } == "1\n2\n")
    }

    @Test func backslashTabNewlineAndCarriageReturnAreEscapedAndUnicodeKept() {
        #expect(text { $0.field("a\\b\tc\nd\re ü 🚲"); $0.endRow() } == "a\\\\b\\tc\\nd\\re ü 🚲\n")
        #expect(text { $0.field("\\N"); $0.endRow() } == "\\\\N\n", "a text that reads \\N is not NULL")
    }

    @Test func takeHandsTheRowsOverAndStartsEmpty() {
        var copy = CopyText(capacity: 4)
        copy.field("x")
        copy.endRow()
        #expect(copy.take().readableBytes == 2)
        #expect(copy.take().readableBytes == 0)
    }
}
