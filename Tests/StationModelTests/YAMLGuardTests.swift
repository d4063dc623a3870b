import Foundation
@testable import StationModel
import Testing

@Suite("YAMLGuard")
struct YAMLGuardTests {
    /// Nine levels of nine: 387 million strings once expanded.
    static let billionLaughs = """
        a0: &a0 [l, l, l, l, l, l, l, l, l]
        a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
        a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
        a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
        a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
        a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
        a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
        a7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
        a8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
        ? *a8
        : 1
        ? *a7
        : 2
        """

    @Test func aliasBombsAreRefusedAtTheFirstAnchor() {
        let started = Date()
        let refusal = YAMLGuard.check(Array(Self.billionLaughs.utf8))
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(refusal?.message.contains("anchors (&name) are not supported") == true)
        #expect(refusal?.line == 1 && refusal?.column == 5)
    }

    @Test func aliasesAreRefused() {
        let refusal = YAMLGuard.check(Array("a: *x\n".utf8))
        #expect(refusal?.message.contains("aliases (*name) are not supported") == true)
    }

    @Test func deepNestingIsRefused() {
        let deep = "a:\n" + (1...40).map { String(repeating: "  ", count: $0) + "- \n" }.joined()
        #expect(YAMLGuard.check(Array(deep.utf8))?.message.contains("nested more than 32 levels") == true)
        let flow = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(YAMLGuard.check(Array(flow.utf8)) != nil)
        let fine = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        #expect(YAMLGuard.check(Array(fine.utf8)) == nil)
    }

    @Test func tooManyValuesAreRefused() {
        let many = "[" + Array(repeating: "1", count: StationLimits.yamlNodes + 1).joined(separator: ",") + "]"
        #expect(YAMLGuard.check(Array(many.utf8))?.message.contains("more than \(StationLimits.yamlNodes) values") == true)
    }

    @Test func ordinaryFilesAndSyntaxErrorsPass() {
        // Syntax errors are the composer's to report.
        #expect(YAMLGuard.check(Array("a: [b\n".utf8)) == nil)
        #expect(YAMLGuard.check(Array("text: \"A & B * C\"\nother: a & b\n".utf8)) == nil)
    }

    @Test func theLoaderReportsTheRefusalWithFileAndLine() {
        let fixture = StationFixtureWithExtraLines("x: &anchor 1\n")
        let found = fixture.check().diagnostics
        #expect(found.map(\.message) == ["YAML anchors (&name) are not supported; write the value out"])
        #expect(found.first?.file.hasSuffix("/station.yaml") == true && found.first?.line != nil)
    }
}

import TestSupport

private func StationFixtureWithExtraLines(_ lines: String) -> StationFixture {
    StationFixture(station: StationFixture.stationYAML + "\n" + lines)
}
