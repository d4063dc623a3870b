import BoardProtocol
import InputMapping
import StationEngine
import Testing
import TestSupport

func boardFrame(_ sequence: UInt8, _ message: BoardMessage) -> [UInt8] {
    BoardEncoder.encode(BoardFrame(sequence: sequence, message: message))
}

@Suite("BoardMapper")
struct BoardMapperTests {
    let station = try! StationFixture().load()

    @Test func activeSensorFiresItsInputAndReleaseIsIgnored() {
        var mapper = BoardMapper(station: station)
        #expect(mapper.map(transfer: boardFrame(0, .sensorChange(channel: 2, state: 1, timeMicros: 1))) == [.input(.input("bin-2", .press))])
        #expect(mapper.map(transfer: boardFrame(1, .sensorChange(channel: 2, state: 0, timeMicros: 2))) == [])
        #expect(mapper.map(transfer: boardFrame(2, .sensorChange(channel: 9, state: 1, timeMicros: 3))) == [.dropped(reason: "unmapped sensor 9")],
                "no input on sensor 9")
        #expect(mapper.map(transfer: boardFrame(3, .sensorChange(channel: 9, state: 0, timeMicros: 4))) == [], "releases are never used")
    }

    @Test func aToolNoInputUsesIsDropped() {
        var mapper = BoardMapper(station: station)
        let frame = boardFrame(0, .toolResult(tool: 7, ok: true, torqueMilliNewtonMetre: 1, angleDecidegrees: 1, timeMicros: 1))
        #expect(mapper.map(transfer: frame) == [.dropped(reason: "unmapped tool 7")])
    }

    @Test func toolResultsCarryOk() {
        var mapper = BoardMapper(station: station)
        let transfer = boardFrame(0, .toolResult(tool: 1, ok: false, torqueMilliNewtonMetre: 400, angleDecidegrees: 10, timeMicros: 5))
            + boardFrame(1, .toolResult(tool: 1, ok: true, torqueMilliNewtonMetre: 1200, angleDecidegrees: 3600, timeMicros: 6))
        #expect(mapper.map(transfer: transfer) == [.input(.input("torque", .tool(ok: false))), .input(.input("torque", .tool(ok: true)))])
    }

    @Test func malformedFramesAreDroppedWithTheirReason() {
        var mapper = BoardMapper(station: station)
        var bad = boardFrame(0, .sensorChange(channel: 1, state: 1, timeMicros: 1))
        bad[bad.count - 1] ^= 0xFF
        #expect(mapper.map(transfer: bad) == [.dropped(reason: "bad frame: bad crc")])
        #expect(mapper.map(transfer: Array(boardFrame(0, .heartbeat(timeMicros: 1)).prefix(5))) == [.dropped(reason: "bad frame: truncated")])
    }

    @Test func otherFramesAreControlForTheSession() {
        var mapper = BoardMapper(station: station)
        #expect(mapper.map(transfer: boardFrame(4, .heartbeat(timeMicros: 1))) == [.control(BoardFrame(sequence: 4, message: .heartbeat(timeMicros: 1)))])
    }

    @Test func eachBoardsMapperMapsOnlyTheInputsOnItsBoard() throws {
        let station = try StationFixture.twoBoards().load()
        var left = BoardMapper(station: station, board: "left")
        var right = BoardMapper(station: station, board: "right")
        let sensor1 = boardFrame(0, .sensorChange(channel: 1, state: 1, timeMicros: 1))
        #expect(left.map(transfer: sensor1) == [.input(.input("bin-1", .press))])
        #expect(right.map(transfer: sensor1) == [.input(.input("bin-3", .press))], "sensor 1 of the right board is bin-3")
        #expect(right.map(transfer: boardFrame(1, .sensorChange(channel: 2, state: 1, timeMicros: 2)))
                == [.dropped(reason: "unmapped sensor 2 on board right")], "bin-2 is on the left board")
        let tool = boardFrame(2, .toolResult(tool: 1, ok: true, torqueMilliNewtonMetre: 1, angleDecidegrees: 1, timeMicros: 3))
        #expect(right.map(transfer: tool) == [.dropped(reason: "unmapped tool 1 on board right")])
        #expect(left.map(transfer: tool) == [.input(.input("torque", .tool(ok: true)))])
    }
}
