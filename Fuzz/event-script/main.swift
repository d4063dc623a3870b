import FuzzDriver

// SwiftPM links an executable's `main` to this symbol.
@_cdecl("fuzz_event_script_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(.eventScript, argc, argv)
}
