import FuzzEntries

/// The target this process fuzzes; set once, before libFuzzer starts.
nonisolated(unsafe) private var selected = FuzzEntries.Target.boardDecoder

/// libFuzzer's entry: one input per call, checked by `FuzzEntries`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzEntries.run(selected, bytes, station: FuzzEntries.station)
    return 0
}

/// Hands the process to libFuzzer's driver (the usual libFuzzer options).
public func runFuzzer(_ target: FuzzEntries.Target, _ argc: CInt,
                      _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    selected = target
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                 _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
