import Foundation
import Glibc
import LinuxSystem
import Testing

@Suite("DatagramSocket")
struct DatagramSocketTests {
    @Test func sendsWholeDatagramsToABoundPath() throws {
        let folder = ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        let address = try #require(UnixSocketAddress(folder.path + "/socket"))
        let receiver = try DatagramSocket()
        try receiver.bind(to: address)
        #expect(try receiver.receive() == nil)
        let sender = try DatagramSocket()
        try sender.send(Array("one".utf8), to: address)
        try sender.send(Array("two!".utf8), to: address)
        #expect(try receiver.receive() == Array("one".utf8))
        #expect(try receiver.receive() == Array("two!".utf8))
        #expect(try receiver.receive() == nil)
    }

    @Test func abstractNamesNeedNoFile() throws {
        let name = "@oss-test-\(ProcessFacts.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))"
        let address = try #require(UnixSocketAddress(name))
        #expect(address.isAbstract)
        #expect(address.pathBytes == [0] + Array(name.utf8.dropFirst()))
        let receiver = try DatagramSocket()
        try receiver.bind(to: address)
        try DatagramSocket().send(Array("hello".utf8), to: address)
        #expect(try receiver.receive() == Array("hello".utf8))
    }

    @Test func addressesMustFitSunPath() {
        #expect(UnixSocketAddress("") == nil)
        // sun_path holds 108 bytes: a path of 107 and its terminating zero.
        #expect(UnixSocketAddress("/" + String(repeating: "a", count: 106)) != nil)
        #expect(UnixSocketAddress("/" + String(repeating: "a", count: 107)) == nil)
        #expect(UnixSocketAddress("@" + String(repeating: "a", count: 107)) != nil)    // abstract: no terminating zero
        #expect(UnixSocketAddress("@" + String(repeating: "a", count: 108)) == nil)
    }

    @Test func sendingToNobodyIsATypedError() throws {
        let folder = ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        let address = try #require(UnixSocketAddress(folder.path + "/missing"))
        #expect(throws: SystemError(call: "sendto", errno: ENOENT)) { try DatagramSocket().send([1], to: address) }
    }
}
