import CEvdev

/// The names of `linux/input-event-codes.h`, from libevdev's own tables, so
/// that scripts and messages know every type and code the kernel has (and
/// the names a newer libevdev adds) without a list of our own.
public enum EvdevNames {
    /// `EV_KEY` → 1; nil for a name libevdev does not know.
    public static func type(named name: String) -> UInt16? {
        UInt16(exactly: libevdev_event_type_from_name(name))
    }

    /// `REL_X` with type `EV_REL` → 0; nil when the name is not a code of that type.
    public static func code(named name: String, type: UInt16) -> UInt16? {
        UInt16(exactly: libevdev_event_code_from_name(UInt32(type), name))
    }

    /// The type a code name belongs to (`REL_X` → `EV_REL`), for messages.
    public static func type(ofCodeNamed name: String) -> UInt16? {
        UInt16(exactly: libevdev_event_type_from_code_name(name))
    }

    public static func typeName(_ type: UInt16) -> String? {
        libevdev_event_type_get_name(UInt32(type)).map { String(cString: $0) }
    }

    public static func codeName(_ code: UInt16, type: UInt16) -> String? {
        libevdev_event_code_get_name(UInt32(type), UInt32(code)).map { String(cString: $0) }
    }

    /// `EV_REL REL_X`, or numbers where libevdev has no name: `EV_KEY 0x2fe`, `type 0x1f code 0x5`.
    @Sendable public static func describe(type: UInt16, code: UInt16) -> String {
        let typeText = typeName(type) ?? "type 0x" + String(type, radix: 16)
        let codeText = codeName(code, type: type) ?? (typeName(type) == nil ? "code 0x" : "0x") + String(code, radix: 16)
        return typeText + " " + codeText
    }
}
