import LiveRuntime
import Pipeline
import Replay
import Scripts
import StationModel
import Testing
import TestSupport
import UMockdevSupport


@Suite("DeviceInventory on umockdev", .serialized, .enabled(if: umockdev, "needs umockdev's preload: run make test"))
struct DeviceInventoryTests {
    @Test func listsDevicesTheInputsTheyServeAndWhatIsMissing() throws {
        let tb = try #require(oss_testbed_new())
        defer { oss_testbed_free(tb) }
        var buttons = [LinuxKeyCodes.byName["BTN_0"]!, LinuxKeyCodes.byName["BTN_1"]!]
        #expect(oss_testbed_add_evdev(tb, 0, "Station Buttons", "usb-1/input0", 0x1209, 0x0002, &buttons, 2) == 0)
        var keys = [LinuxKeyCodes.byName["KEY_A"]!]
        #expect(oss_testbed_add_evdev(tb, 1, "USB Mouse", "usb-2/input0", 0x046D, 0xC077, &keys, 1) == 0)
        let station = try StationFixture().load()
        var inventory = DeviceInventory.take(station: station)
        #expect(inventory.inputDevices.map(\.serves) == [["confirm", "help"], []])
        #expect(inventory.boards == 0)
        #expect(inventory.missing == ["badge", "scanner", "bin-1", "bin-2", "bin-3", "torque"])
        #expect(oss_testbed_add_board(tb, 0x1209, 0x0001, "SB-1", 8, 3, 1) == 0)
        inventory = DeviceInventory.take(station: station)
        #expect(inventory.boards == 1)
        #expect(inventory.missing == ["badge", "scanner"])
        let report = inventory.report(station: station)
        #expect(report.contains("/dev/input/event0  \"Station Buttons\" phys usb-1/input0 1209:0002  -> confirm, help"))
        #expect(report.contains("\"USB Mouse\""))
        #expect(report.contains("Station boards (USB 1209:0001): 1 found"))
        #expect(report.contains("without a device: badge, scanner"))
    }
}
