import BoardProtocol
import Testing

private let identity = BoardIdentity(protocolVersion: 1, firmware: (1, 0, 0), sensors: 8, lights: 3, tools: 1, serial: "SB-1")

private func sent(_ actions: [BoardSession.Action]) -> [BoardMessage] {
    actions.compactMap { if case .send(let frame) = $0 { frame.message } else { nil } }
}

@Suite("BoardSession")
struct BoardSessionTests {
    @Test func handshakeThenSnapshotAndLights() {
        var session = BoardSession()
        #expect(sent(session.connected(at: 0)) == [.hello(protocolVersion: 1)])
        #expect(session.setLights([true, false, false]).isEmpty, "not sent before the board is online")
        let actions = session.received(BoardFrame(sequence: 0, message: .identify(identity)), at: 1000)
        #expect(actions.first == .online(identity))
        #expect(sent(actions) == [.snapshotRequest, .setLights([true, false, false])])
        #expect(session.isOnline)
    }

    @Test func sequenceNumbersCountUpAndWrap() {
        var session = BoardSession()
        var sequences = session.connected(at: 0).compactMap { if case .send(let f) = $0 { f.sequence } else { nil } }
        _ = session.received(BoardFrame(sequence: 0, message: .identify(identity)), at: 0)
        for index in 0..<300 {
            for case .send(let frame) in session.setLights([index % 2 == 0]) { sequences.append(frame.sequence) }
        }
        #expect(sequences.first == 0)
        #expect(sequences.contains(255) && sequences.last == UInt8((300 + 2) % 256))
    }

    @Test func gapAsksForASnapshot() {
        var session = BoardSession()
        _ = session.connected(at: 0)
        _ = session.received(BoardFrame(sequence: 7, message: .identify(identity)), at: 0)
        #expect(session.received(BoardFrame(sequence: 8, message: .heartbeat(timeMicros: 1)), at: 1).isEmpty)
        let actions = session.received(BoardFrame(sequence: 11, message: .heartbeat(timeMicros: 2)), at: 2)
        #expect(actions.first == .sequenceGap(expected: 9, received: 11))
        #expect(sent(actions) == [.snapshotRequest])
        #expect(session.received(BoardFrame(sequence: 12, message: .heartbeat(timeMicros: 3)), at: 3).isEmpty)
    }

    @Test func helloIsRetriedThenTheBoardIsRefused() {
        var session = BoardSession()
        _ = session.connected(at: 0)
        #expect(session.tick(at: 499_999).isEmpty)
        #expect(sent(session.tick(at: 500_000)) == [.hello(protocolVersion: 1)])
        #expect(sent(session.tick(at: 1_000_000)) == [.hello(protocolVersion: 1)])
        #expect(session.tick(at: 1_500_000) == [.offline(reason: "board did not identify itself")])
    }

    @Test func otherProtocolOrSerialIsRefused() {
        var session = BoardSession()
        _ = session.connected(at: 0)
        var other = identity
        other.protocolVersion = 2
        #expect(session.received(BoardFrame(sequence: 0, message: .identify(other)), at: 0) == [.offline(reason: "board speaks protocol 2")])
        var wanted = BoardSession(wantedSerial: "SB-9")
        _ = wanted.connected(at: 0)
        _ = wanted.received(BoardFrame(sequence: 0, message: .identify(identity)), at: 0)
        #expect(wanted.state == .refused(reason: "board SB-1 is not SB-9"))
    }

    @Test func silenceMakesItOfflineAndAFrameBringsItBack() {
        var session = BoardSession()
        _ = session.connected(at: 0)
        _ = session.received(BoardFrame(sequence: 0, message: .identify(identity)), at: 0)
        #expect(session.tick(at: 2_999_999).isEmpty)
        #expect(session.tick(at: 3_000_000) == [.offline(reason: "board silent for 3 s")])
        #expect(session.received(BoardFrame(sequence: 1, message: .heartbeat(timeMicros: 9)), at: 3_100_000) == [.online(identity)])
    }

    @Test func disconnectIsOfflineAndPingIsAnswered() {
        var session = BoardSession()
        _ = session.connected(at: 0)
        _ = session.received(BoardFrame(sequence: 0, message: .identify(identity)), at: 0)
        #expect(sent(session.received(BoardFrame(sequence: 1, message: .ping(token: 5)), at: 1)) == [.pong(token: 5)])
        #expect(session.disconnected() == [.offline(reason: "board disconnected")])
        #expect(session.state == .disconnected)
    }
}
