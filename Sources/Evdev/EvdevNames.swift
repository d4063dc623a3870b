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
        if let code = UInt16(exactly: libevdev_event_code_from_name(UInt32(type), name)) { return code }
        guard let alias = aliases[name], alias.type == type else { return nil }
        return alias.code
    }

    /// The type a code name belongs to (`REL_X` → `EV_REL`), for messages.
    public static func type(ofCodeNamed name: String) -> UInt16? {
        UInt16(exactly: libevdev_event_type_from_code_name(name)) ?? aliases[name]?.type
    }

    /// The names of the header that libevdev's tables leave out: second
    /// names of a code (`BTN_MOUSE` is `BTN_LEFT`, `KEY_SCREENLOCK` is
    /// `KEY_COFFEE`) and codes newer than libevdev. The values come from the
    /// kernel header at build time, so none is typed by hand; a test checks
    /// that libevdev and these together know every name of the header.
    static let aliases: [String: (type: UInt16, code: UInt16)] = {
        let keys: [(String, Int32)] = [
            ("BTN_MISC", BTN_MISC), ("BTN_MOUSE", BTN_MOUSE), ("BTN_JOYSTICK", BTN_JOYSTICK), ("BTN_GAMEPAD", BTN_GAMEPAD),
            ("BTN_DIGI", BTN_DIGI), ("BTN_WHEEL", BTN_WHEEL), ("BTN_TRIGGER_HAPPY", BTN_TRIGGER_HAPPY),
            ("KEY_HANGUEL", KEY_HANGUEL), ("KEY_SCREENLOCK", KEY_SCREENLOCK), ("KEY_DIRECTION", KEY_DIRECTION),
            ("KEY_DASHBOARD", KEY_DASHBOARD), ("KEY_BRIGHTNESS_ZERO", KEY_BRIGHTNESS_ZERO), ("KEY_WIMAX", KEY_WIMAX),
            ("KEY_ZOOM", KEY_ZOOM), ("KEY_SCREEN", KEY_SCREEN), ("KEY_BRIGHTNESS_TOGGLE", KEY_BRIGHTNESS_TOGGLE),
            ("KEY_MIN_INTERESTING", KEY_MIN_INTERESTING), ("KEY_LINK_PHONE", KEY_LINK_PHONE),
            ("KEY_REFRESH_RATE_TOGGLE", KEY_REFRESH_RATE_TOGGLE),
        ]
        var table: [String: (type: UInt16, code: UInt16)] = [:]
        for (name, code) in keys { table[name] = (UInt16(EV_KEY), UInt16(code)) }
        table["ABS_PROFILE"] = (UInt16(EV_ABS), UInt16(ABS_PROFILE))
        table["SW_RADIO"] = (UInt16(EV_SW), UInt16(SW_RADIO))
        return table
    }()

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
