import Pipeline
import Scripts
import StationEngine
import Testing

@Suite("TraceEncoding")
struct TraceEncodingTests {
    @Test func secondsAreShortestExactDecimals() {
        #expect(TraceEncoding.seconds(0) == "0.0")
        #expect(TraceEncoding.seconds(2_500_000) == "2.5")
        #expect(TraceEncoding.seconds(37_000_000) == "37.0")
        #expect(TraceEncoding.seconds(1_234) == "0.001234")
        #expect(TraceEncoding.seconds(-500_000) == "-0.5")
    }

    @Test func linesHaveTimeTypeAndTheContractFieldsInOrder() {
        let done = TraceEvent(time: 38_000_000, kind: .cycleDone(worker: "W042", product: "bike-light", cycle: 1,
                                                                 duration: 37_500_000, errors: 4, help: 1))
        #expect(TraceEncoding.line(done) ==
            #"{"t": 38.0, "type": "cycle_done", "worker": "W042", "product": "bike-light", "cycle": 1, "duration_s": 37.5, "errors": 4, "help": 1}"#)
        let error = TraceEvent(time: 6_000_000, kind: .error(step: "pcb", kind: .wrongInput, input: "bin-1"))
        #expect(TraceEncoding.line(error) == #"{"t": 6.0, "type": "error", "step": "pcb", "kind": "wrong_input", "input": "bin-1"}"#)
        let dropped = TraceEvent(time: 0, kind: .dropped(source: .board, reason: "bad crc"))
        #expect(TraceEncoding.line(dropped) == #"{"t": 0.0, "type": "dropped", "source": "board", "reason": "bad crc"}"#)
    }
}
