// swift-tools-version:6.2
//
// Layering (a module may import only what is listed below it):
//
//   oss (executable)        command line: validate, simulate, export, demo
//   Runtime                 wires engine, journal and trace writer; event scripts
//   Journal                 SQLite through GRDB: schema, migrations, recording, export
//   StationEngine           the pure step machine: events in, trace events out
//   StationModel            station/product definitions, strict YAML loading, validation
//   JSONLines               a tiny strict JSON reader/writer for scripts and traces
import PackageDescription

let package = Package(
    name: "oss",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "oss", targets: ["oss"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "JSONLines"),
        .target(name: "StationModel", dependencies: [
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "StationEngine", dependencies: ["StationModel"]),
        .target(name: "Journal", dependencies: [
            "StationModel",
            "StationEngine",
            "JSONLines",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "Runtime", dependencies: [
            "StationModel", "StationEngine", "Journal", "JSONLines",
        ]),
        .executableTarget(name: "oss", dependencies: [
            "StationModel", "StationEngine", "Journal", "Runtime",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Fixtures shared by the test targets; never linked into the product.
        .target(name: "TestSupport", dependencies: ["StationModel"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONLinesTests", dependencies: ["JSONLines"]),
        .testTarget(name: "StationModelTests", dependencies: ["StationModel", "TestSupport"]),
        .testTarget(name: "StationEngineTests", dependencies: ["StationEngine", "StationModel", "TestSupport"]),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "StationEngine", "StationModel", "TestSupport"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Journal", "StationEngine", "StationModel", "TestSupport"]),
        // Runs the built `oss` binary as a user would: exit codes, messages, files.
        .testTarget(name: "OSSCommandTests", dependencies: ["oss", "JSONLines", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
