// swift-tools-version:6.2
//
// Layering: docs/architecture.md lists every module, its room and the modules
// it may import; `make layers` checks that list against this file and checks
// that libc, libevdev, libusb, FreeType, libhyphen, libpng and libxlsxwriter are each called
// from their one module. From the bottom up:
//
//   C shims              CLinuxLoop, CLinuxFB, CEvdev, CLibUSB, CFreeType, CLibPNG, CPNGCodec, CXLSXWriter, CHyphen
//   system               LinuxSystem (the only libc caller)
//   pure core            JSONLines, BoardProtocol, StationModel, StationEngine, InputMapping, Display, Pipeline
//   one C library each   Evdev (libevdev), BoardLink (libusb), Typesetting (FreeType), Hyphenation (libhyphen),
//                        PNGImage (libpng), Framebuffer (fbdev), Spreadsheet (libxlsxwriter)
//   storage              Journal (SQLite through GRDB), Reports
//   runtime              Scripts, FrameOutput, Replay (oss simulate), LiveRuntime (oss run)
//   operations           PasswordHashing (bcrypt), Operations (what people do: levels, export, report, names,
//                        purge, audit, accounts), SiteStore (the central PostgreSQL: oss sync, --postgres)
//   programs             Benchmarks, FuzzEntries, oss, oss-kernel-tests
import PackageDescription

/// The station's hot paths (input → engine → picture, replay, export) are
/// optimised in every build, so that `make demo`'s debug binary behaves as
/// shipped and `oss bench` from it gives meaningful figures. SwiftPM passes
/// -Onone first in debug builds; the later -O wins.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "oss",
    products: [
        .executable(name: "oss", targets: ["oss"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2",
                       providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .target(name: "CPNGCodec", dependencies: ["CLibPNG"]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter",
                       providers: [.apt(["libxlsxwriter-dev"])]),
        // libhyphen has no pkg-config file (Debian libhyphen-dev).
        .target(name: "CHyphen", linkerSettings: [.linkedLibrary("hyphen")]),
        .target(name: "CLinuxFB"),
        .systemLibrary(name: "CEvdev", pkgConfig: "libevdev", providers: [.apt(["libevdev-dev"])]),
        .target(name: "LinuxSystem", dependencies: ["CLinuxLoop"]),
        .systemLibrary(name: "CLinuxLoop"),
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        .target(name: "JSONLines", swiftSettings: hotPath),
        .target(name: "BoardProtocol", swiftSettings: hotPath),
        .target(name: "StationModel", dependencies: [
            "LinuxSystem",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "StationEngine", dependencies: ["StationModel"], swiftSettings: hotPath),
        .target(name: "Journal", dependencies: [
            "StationModel",
            "LinuxSystem",
            "StationEngine",
            "JSONLines",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ], swiftSettings: hotPath),
        .target(name: "InputMapping", dependencies: ["StationModel", "StationEngine", "BoardProtocol"], swiftSettings: hotPath),
        .target(name: "Display", dependencies: ["StationModel", "StationEngine"], swiftSettings: hotPath),
        .target(name: "Typesetting", dependencies: ["Display", "CFreeType"]),
        .target(name: "Hyphenation", dependencies: ["Display", "CHyphen"], swiftSettings: hotPath),
        .target(name: "PNGImage", dependencies: ["Display", "CPNGCodec", "LinuxSystem", "StationModel"]),
        .target(name: "Framebuffer", dependencies: ["Display", "CLinuxFB", "LinuxSystem"]),
        .target(name: "Spreadsheet", dependencies: ["CXLSXWriter", "LinuxSystem"], swiftSettings: hotPath),
        .target(name: "Evdev", dependencies: ["CEvdev", "InputMapping", "LinuxSystem"]),
        .target(name: "BoardLink", dependencies: ["CLibUSB", "BoardProtocol", "LinuxSystem"]),
        .target(name: "Reports", dependencies: ["Journal"]),
        .target(name: "PasswordHashing", dependencies: [.product(name: "HummingbirdBcrypt", package: "hummingbird-auth")]),
        .target(name: "Operations", dependencies: ["Journal", "Reports", "Spreadsheet", "StationEngine", "LinuxSystem", "PasswordHashing", "JSONLines"],
                swiftSettings: hotPath),
        // The web console (oss serve): sessions, the role gate, the JSON API and the pages.
        .target(name: "Console", dependencies: [
            "Operations", "Journal", "LinuxSystem", "JSONLines",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [
            .embedInCode("Assets/openapi.yaml"),
            .embedInCode("Assets/console.css"),
            .embedInCode("Assets/console.js"),
        ]),
        // The site (oss sync, --postgres): the central PostgreSQL through postgres-nio.
        .target(name: "SiteStore", dependencies: [
            "Journal", "Operations", "StationEngine", "LinuxSystem", "JSONLines",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),
        .target(name: "Pipeline", dependencies: [
            "StationModel", "StationEngine", "InputMapping", "BoardProtocol", "Display",
        ], swiftSettings: hotPath),
        .target(name: "Scripts", dependencies: [
            "Pipeline", "StationModel", "StationEngine", "InputMapping", "JSONLines", "Evdev", "LinuxSystem",
        ], swiftSettings: hotPath),
        .target(name: "FrameOutput", dependencies: ["Display", "Typesetting", "Hyphenation", "PNGImage", "StationModel", "LinuxSystem"]),
        .target(name: "Replay", dependencies: [
            "Pipeline", "Scripts", "FrameOutput", "Journal", "Evdev", "StationModel", "StationEngine",
        ], swiftSettings: hotPath),
        .target(name: "LiveRuntime", dependencies: [
            "Pipeline", "Scripts", "FrameOutput", "Journal", "Evdev", "BoardLink", "BoardProtocol", "Framebuffer", "Display",
            "InputMapping", "LinuxSystem", "StationModel", "StationEngine",
        ], swiftSettings: hotPath),
        .target(name: "Benchmarks", dependencies: [
            "Pipeline", "Scripts", "FrameOutput", "Replay", "LiveRuntime", "Journal", "Display", "Framebuffer", "InputMapping",
            "BoardProtocol", "StationEngine", "StationModel", "LinuxSystem",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ], swiftSettings: hotPath),
        .executableTarget(name: "oss", dependencies: [
            "StationModel", "StationEngine", "Journal", "Pipeline", "Scripts", "FrameOutput", "Replay", "LiveRuntime", "Display",
            "Framebuffer", "PNGImage", "Typesetting", "Hyphenation", "Reports", "Benchmarks",
            "LinuxSystem", "Operations", "Console", "SiteStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // What the fuzzers check (make fuzz); also replays saved crash inputs in the tests.
        .target(name: "FuzzEntries", dependencies: ["BoardProtocol", "Display", "InputMapping", "LinuxSystem", "Scripts", "Replay", "Pipeline", "StationEngine", "StationModel", "Typesetting", "Hyphenation"]),
        // Device tests on a real Linux kernel (make test-kernel): runs inside the rig's VM.
        .executableTarget(name: "oss-kernel-tests", dependencies: [
            "Evdev", "InputMapping", "Framebuffer", "Display", "Typesetting", "BoardLink", "BoardProtocol",
            "StationModel", "StationEngine", "Pipeline", "LinuxSystem",
        ], path: "kernel-tests/swift"),
        // Fixtures shared by the test targets; never linked into the product.
        .target(name: "TestSupport", dependencies: ["StationModel"], path: "Tests/TestSupport"),
        // Emulated devices on umockdev's preload (tests only).
        .systemLibrary(name: "CUMockdev", path: "Tests/CUMockdev", pkgConfig: "umockdev-1.0",
                       providers: [.apt(["libumockdev-dev"])]),
        // The protocol's C reference codec (firmware-protocol/c), used by the emulated board.
        .target(name: "BoardProtocolC", path: "firmware-protocol/c", exclude: ["test_vectors.c"]),
        .target(name: "UMockdevSupport", dependencies: ["CUMockdev", "BoardProtocolC"], path: "Tests/UMockdevSupport"),
        .testTarget(name: "EvdevTests", dependencies: ["Evdev", "InputMapping", "UMockdevSupport", "StationEngine", "StationModel", "TestSupport"]),
        .testTarget(name: "BoardLinkTests", dependencies: ["BoardLink", "BoardProtocol", "UMockdevSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Journal", "TestSupport"]),
        .testTarget(name: "LiveRuntimeTests", dependencies: [
            "LiveRuntime", "Pipeline", "Scripts", "Replay", "FrameOutput", "Journal", "StationModel", "StationEngine", "InputMapping",
            "BoardProtocol", "LinuxSystem", "UMockdevSupport", "TestSupport",
        ]),
        // Runs the built `oss` too, to compare an operation's bytes with the command line's.
        .testTarget(name: "OperationsTests", dependencies: ["Operations", "Journal", "StationEngine", "LinuxSystem", "PasswordHashing", "TestSupport", "oss"]),
        .testTarget(name: "ConsoleTests", dependencies: [
            "Console", "Operations", "Journal", "LinuxSystem", "JSONLines", "TestSupport", "oss",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "SiteStoreTests", dependencies: ["SiteStore", "Journal", "Operations", "StationEngine", "TestSupport", "Benchmarks"]),
        .testTarget(name: "PasswordHashingTests", dependencies: ["PasswordHashing"]),
        .testTarget(name: "JSONLinesTests", dependencies: ["JSONLines"]),
        .testTarget(name: "BoardProtocolTests", dependencies: ["BoardProtocol", "TestSupport"]),
        .testTarget(name: "InputMappingTests", dependencies: ["InputMapping", "BoardProtocol", "StationEngine", "StationModel", "TestSupport"]),
        .testTarget(name: "StationModelTests", dependencies: ["StationModel", "TestSupport"]),
        .testTarget(name: "StationEngineTests", dependencies: ["StationEngine", "StationModel", "TestSupport"]),
        .testTarget(name: "JournalTests", dependencies: [
            "Journal", "StationEngine", "StationModel", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "FrameOutput", "Display", "StationEngine", "StationModel", "InputMapping", "BoardProtocol", "TestSupport"]),
        .testTarget(name: "ScriptsTests", dependencies: ["Scripts", "Pipeline", "JSONLines", "LinuxSystem", "StationEngine", "StationModel", "InputMapping", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "Scripts", "Pipeline", "FrameOutput", "Journal", "StationEngine", "StationModel", "InputMapping", "BoardProtocol", "TestSupport"]),
        .testTarget(name: "DisplayTests", dependencies: ["Display", "Typesetting", "Hyphenation", "PNGImage", "StationModel", "StationEngine", "TestSupport"]),
        .testTarget(name: "HyphenationTests", dependencies: ["Hyphenation", "TestSupport"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "FrameOutput", "Scripts", "Replay", "Pipeline", "Journal", "JSONLines", "StationEngine", "StationModel", "TestSupport"]),
        .testTarget(name: "FuzzEntriesTests", dependencies: ["FuzzEntries", "StationModel", "TestSupport"]),
        .testTarget(name: "LinuxSystemTests", dependencies: ["LinuxSystem"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "TestSupport"]),
        .testTarget(name: "FramebufferTests", dependencies: ["Framebuffer", "Display", "LinuxSystem"]),
        // Runs the built `oss` binary as a user would: exit codes, messages, files.
        .testTarget(name: "OSSCommandTests", dependencies: ["oss", "JSONLines", "TestSupport", "Benchmarks", "Scripts", "Replay", "StationModel", "StationEngine", "Journal"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets, only for scripts/fuzz.sh (OSS_FUZZ=1, built with
// -sanitize=fuzzer and -parse-as-library; FuzzDriver hands main to libFuzzer).
if Context.environment["OSS_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzDriver", dependencies: ["FuzzEntries"], path: "Fuzz/driver"))
    for target in ["board-decoder", "event-script", "station-loader"] {
        package.targets.append(.executableTarget(name: "fuzz-\(target)", dependencies: ["FuzzDriver"],
                                                 path: "Fuzz/\(target)"))
    }
    // Runs the oss binary (swift build --product oss) with fuzzed command lines; its own libFuzzer callback.
    package.targets.append(.executableTarget(name: "fuzz-command-line", dependencies: ["FuzzEntries"], path: "Fuzz/command-line"))
}
