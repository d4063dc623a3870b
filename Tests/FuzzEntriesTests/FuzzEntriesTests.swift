import Foundation
import FuzzEntries
import StationModel
import Testing
import TestSupport

/// Every input a fuzzer ever crashed on (kept in Tests/Fixtures/fuzz/TARGET/)
/// and every seed (Fuzz/seeds/TARGET/) goes through the fuzzer's checks
/// again on each test run.
@Suite("FuzzEntries")
struct FuzzEntriesTests {
    static let station = try! StationLoader.load(directory: Repository.root + "/stations/fietslamp-1")

    static func inputs(_ target: FuzzEntries.Target) -> [String] {
        [Repository.root + "/Tests/Fixtures/fuzz/" + target.rawValue, Repository.root + "/Fuzz/seeds/" + target.rawValue]
            .flatMap { folder in
                ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                    .filter { !$0.hasPrefix(".") && $0 != "README.md" }
                    .sorted().map { folder + "/" + $0 }
            }
    }

    @Test(arguments: FuzzEntries.Target.allCases)
    func savedInputsPassTheChecks(target: FuzzEntries.Target) throws {
        let files = Self.inputs(target)
        #expect(files.count >= 3, "seeds for \(target.rawValue)")
        for file in files {
            let bytes = try #require(FileManager.default.contents(atPath: file))
            FuzzEntries.run(target, [UInt8](bytes), station: Self.station)
        }
    }

    @Test func aValidStationSeedLoadsSoTheRendererIsFuzzedToo() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Repository.root + "/Fuzz/seeds/station-loader/test-1-lamp.yaml"))
        let loaded = FuzzEntries.stationLoader([UInt8](bytes))
        #expect(loaded)
    }

    @Test func randomBytesPassEveryCheck() {
        var generator = TestRandom.forTest("randomBytesPassEveryCheck")
        for target in FuzzEntries.Target.allCases {
            for _ in 0..<50 {
                let bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                FuzzEntries.run(target, bytes, station: Self.station)
            }
        }
    }
}
