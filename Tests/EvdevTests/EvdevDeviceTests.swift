import Evdev
import Foundation
import InputMapping
import StationEngine
import StationModel
import Testing
import TestSupport
import UMockdevSupport

/// Runs only with umockdev's preload (`make test` runs the suite with it).
let umockdev = oss_umockdev_available() != 0

private func code(_ name: String) -> UInt16 { LinuxKeyCodes.byName[name]! }

/// Reads until `count` events arrived or a second passed.
private func read(_ device: EvdevDevice, count: Int) -> [EvdevEvent] {
    var events: [EvdevEvent] = []
    let deadline = Date().addingTimeInterval(1)
    while events.count < count, Date() < deadline {
        _ = device.readAvailable(into: &events)
        if events.count < count { usleep(2_000) }
    }
    return events
}

@Suite("Evdev on umockdev", .serialized, .enabled(if: umockdev, "needs umockdev's preload: run make test"))
struct EvdevDeviceTests {
    @Test func discoversDevicesWithTheirIdentity() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        var keys = [code("BTN_0"), code("BTN_1")]
        #expect(oss_testbed_add_evdev(tb, 0, "Station Buttons", "usb-0000:00:14.0-2/input0", 0x1209, 0x0002, &keys, 2) == 0)
        var reader = [code("KEY_A"), code("KEY_ENTER")]
        #expect(oss_testbed_add_evdev(tb, 1, "RFID Reader", "usb-0000:00:14.0-3/input0", 0x08FF, 0x0009, &reader, 2) == 0)
        let scan = EvdevDiscovery.scan()
        #expect(scan.found.map(\.path) == ["/dev/input/event0", "/dev/input/event1"])
        #expect(scan.found.first?.identity == EvdevDeviceIdentity(name: "Station Buttons", phys: "usb-0000:00:14.0-2/input0",
                                                                   vendor: 0x1209, product: 0x0002))
        let station = try StationFixture().load()
        let mapper = EvdevMapper(station: station)
        #expect(scan.found.map { mapper.inputs(servedBy: $0.identity) } == [["confirm", "help"], ["badge"]])
    }

    @Test func readsKeyPressesGrabbedAndMapsThem() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        var keys = [code("BTN_0"), code("BTN_1")]
        #expect(oss_testbed_add_evdev(tb, 0, "Station Buttons", "", 0x1209, 0x0002, &keys, 2) == 0)
        let device = try EvdevDevice(path: "/dev/input/event0")
        try device.grab()
        #expect(oss_testbed_evdev_grabbed(tb, 0) == 1)
        for (type, key, value) in [(1, "BTN_0", 1), (0, "", 0), (1, "BTN_0", 2), (1, "BTN_0", 0), (0, "", 0)] {
            #expect(oss_testbed_evdev_event(tb, 0, UInt16(type), key.isEmpty ? 0 : code(key), Int32(value)) == 0)
        }
        let events = read(device, count: 5)
        #expect(events.map(\.value) == [1, 0, 2, 0, 0])
        var mapper = EvdevMapper(station: try StationFixture().load())
        #expect(events.compactMap { mapper.map($0) } == [EvdevMapper.Output.input(EngineInput.input("confirm", InputValue.press))])
    }

    @Test func keyboardWedgeTextArrivesAsOneInput() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        var keys = ["KEY_LEFTSHIFT", "KEY_W", "KEY_4", "KEY_2", "KEY_ENTER"].map(code)
        #expect(oss_testbed_add_evdev(tb, 2, "RFID Reader", "", 0x08FF, 0x0009, &keys, keys.count) == 0)
        let device = try EvdevDevice(path: "/dev/input/event2")
        let typed: [(String, Int32)] = [("KEY_LEFTSHIFT", 1), ("KEY_W", 1), ("KEY_W", 0), ("KEY_LEFTSHIFT", 0), ("KEY_4", 1),
                                        ("KEY_4", 0), ("KEY_2", 1), ("KEY_2", 0), ("KEY_ENTER", 1), ("KEY_ENTER", 0)]
        for (key, value) in typed {
            #expect(oss_testbed_evdev_event(tb, 2, 1, code(key), value) == 0)
        }
        let events = read(device, count: typed.count)
        var mapper = EvdevMapper(station: try StationFixture().load())
        #expect(events.compactMap { mapper.map($0) } == [EvdevMapper.Output.input(EngineInput.input("badge", InputValue.text("W42")))])
    }

    @Test func missingDeviceIsATypedError() {
        #expect(throws: EvdevDevice.OpenError.self) { _ = try EvdevDevice(path: "/dev/input/event9") }
    }

    @Test func aFolderThatCannotBeListedIsReportedWithItsReason() {
        let scan = EvdevDiscovery.scan(directory: "/nonexistent/oss-input")
        #expect(scan.found.isEmpty)
        #expect(scan.failures == ["/nonexistent/oss-input: No such file or directory"])
    }

    @Test func aFileThatIsNotAnInputDeviceIsRefusedByLibevdev() throws {
        let path = NSTemporaryDirectory() + "oss-evdev-" + UUID().uuidString
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try EvdevDevice(path: path)
        } throws: { error in
            guard case let .system(failedPath, systemError)? = error as? EvdevDevice.OpenError else { return false }
            return failedPath == path && systemError.call == "libevdev_new_from_fd"
        }
    }
}
