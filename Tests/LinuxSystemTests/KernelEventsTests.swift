import LinuxSystem
import Testing

@Suite("KernelEvents")
struct KernelEventsTests {
    private func parse(_ bytes: [UInt8]) -> KernelEvents.Event? {
        bytes.withUnsafeBytes { KernelEvents.parse($0) }
    }

    private func fields(_ text: [String]) -> [UInt8] {
        text.flatMap { Array($0.utf8) + [0] }
    }

    @Test func aKernelMessageGivesItsActionSubsystemAndType() {
        let event = parse(fields(["add@/devices/platform/dummy_hcd.0/usb1/1-1", "ACTION=add",
                                  "DEVPATH=/devices/platform/dummy_hcd.0/usb1/1-1", "SUBSYSTEM=usb", "DEVTYPE=usb_device",
                                  "PRODUCT=1209/1/100", "SEQNUM=1234"]))
        #expect(event?.action == "add")
        #expect(event?.subsystem == "usb")
        #expect(event?.deviceType == "usb_device")
        #expect(event?.properties["PRODUCT"] == "1209/1/100")
    }

    @Test func aLibudevMessageIsReadFromItsPropertiesOffset() {
        let properties = fields(["ACTION=remove", "SUBSYSTEM=usb", "DEVTYPE=usb_device", "DEVPATH=/devices/x"])
        var header = Array("libudev".utf8) + [0]
        for value: UInt32 in [0xFEEDCAFE, 40, 40, UInt32(properties.count), 0, 0, 0, 0] {
            withUnsafeBytes(of: value.littleEndian) { header += $0 }
        }
        let event = parse(header + properties)
        #expect(event == KernelEvents.Event(action: "remove", subsystem: "usb", deviceType: "usb_device",
                                            devicePath: "/devices/x",
                                            properties: ["ACTION": "remove", "SUBSYSTEM": "usb", "DEVTYPE": "usb_device",
                                                         "DEVPATH": "/devices/x"]))
    }

    @Test func garbageIsSkippedNotTrusted() {
        #expect(parse([]) == nil)
        #expect(parse(Array("no at sign here".utf8) + [0]) == nil)
        #expect(parse(Array("libudev".utf8) + [0, 1, 2]) == nil, "a header too short for its offsets")
        var header = Array("libudev".utf8) + [0]
        for value: UInt32 in [0xFEEDCAFE, 40, 9999, 0] { withUnsafeBytes(of: value.littleEndian) { header += $0 } }
        #expect(parse(header) == nil, "a properties offset past the end")
        #expect(parse(fields(["add@/x", "SUBSYSTEM=usb"])) == nil, "no ACTION")
    }

    @Test func theSocketOpensOrFailsWithATypedError() {
        // Containers may refuse netlink; either way there is no trap and the error names the call.
        do {
            let events = try KernelEvents()
            #expect(events.descriptor.rawValue >= 0)
            #expect((try? events.take()) != nil)
        } catch {
            #expect(error.call.hasPrefix("socket") || error.call.hasPrefix("bind"))
        }
    }
}
