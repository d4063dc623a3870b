import FuzzDriver

// SwiftPM links an executable's `main` to this symbol.
@_cdecl("fuzz_station_loader_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(.stationLoader, argc, argv)
}
