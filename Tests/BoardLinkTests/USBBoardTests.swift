import BoardLink
import BoardProtocol
import Foundation
import Testing
import UMockdevSupport

let umockdev = oss_umockdev_available() != 0

/// Pumps libusb until `done` or a second passed.
private func pump(_ context: USBContext, until done: () -> Bool) {
    let deadline = Date().addingTimeInterval(1)
    while !done(), Date() < deadline {
        context.handleEvents()
        usleep(1000)
    }
}

@Suite("USB board on umockdev", .serialized, .enabled(if: umockdev, "needs umockdev's preload: run make test"))
struct USBBoardTests {
    @Test func opensClaimsAndSpeaksTheProtocol() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        #expect(oss_testbed_add_board(tb, 0x1209, 0x0001, "SB-0101", 8, 3, 1) == 0)
        let context = try USBContext()
        #expect(context.count(vendor: 0x1209, product: 0x0001) == 1)
        let board = try #require(try USBBoard.open(context: context, vendor: 0x1209, product: 0x0001))
        #expect(oss_testbed_board_open(tb) == 1)
        var decoder = BoardDecoder()
        var received: [BoardDecoder.Event] = []
        board.onTransfer = { received += decoder.feed($0) + decoder.endTransfer() }
        try board.send(BoardEncoder.encode(BoardFrame(sequence: 0, message: .hello(protocolVersion: 1))))
        pump(context) { received.count >= 2 }
        #expect(oss_testbed_board_hellos(tb) == 1)
        guard case .frame(let first)? = received.first, case .identify(let identity) = first.message else {
            Issue.record("no IDENTIFY: \(received)")
            return
        }
        #expect(identity.serial == "SB-0101" && identity.sensors == 8 && identity.lights == 3)
        oss_testbed_board_sensor(tb, 2, 1)
        pump(context) { received.count >= 3 }
        #expect(received.last == .frame(BoardFrame(sequence: 2, message: .sensorChange(channel: 2, state: 1, timeMicros: 0))))
        board.sendAndFlush(BoardEncoder.encode(BoardFrame(sequence: 1, message: .setLights([true, false, true]))))
        #expect(oss_testbed_board_lights(tb) == 0b101)
        board.close()
    }

    @Test func aBoardIsOpenedByItsSerialAndAnotherSerialIsPassedOver() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        #expect(oss_testbed_add_board(tb, 0x1209, 0x0001, "SB-0202", 8, 3, 1) == 0)
        let context = try USBContext()
        #expect(try USBBoard.open(context: context, vendor: 0x1209, product: 0x0001, serial: "SB-0999") == nil)
        let board = try #require(try USBBoard.open(context: context, vendor: 0x1209, product: 0x0001, serial: "SB-0202"))
        board.close()
    }

    @Test func noBoardGivesNil() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        let context = try USBContext()
        #expect(try USBBoard.open(context: context, vendor: 0x1209, product: 0x0001) == nil)
    }

    @Test func unplugIsReportedOnce() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        #expect(oss_testbed_add_board(tb, 0x1209, 0x0001, "SB-1", 8, 3, 1) == 0)
        let context = try USBContext()
        let board = try #require(try USBBoard.open(context: context, vendor: 0x1209, product: 0x0001))
        var gone = 0
        board.onGone = { _ in gone += 1 }
        oss_testbed_remove_board(tb)
        pump(context) {
            _ = try? board.send([0xA5, 0x00, 0x03, 0x00, 0x00, 0x00])
            return gone > 0
        }
        #expect(gone == 1)
        #expect(board.isGone)
    }
}
