#!/usr/bin/env python3
"""Writes firmware-protocol/vectors/v1.txt: frames of the station board
protocol v1 as hex with their decoded fields (see PROTOCOL.md section 8).
A third, independent encoder beside the C and Swift ones."""
import struct


def crc16(data):
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


assert crc16(b"123456789") == 0x29B1


def frame(kind, seq, payload=b""):
    body = bytes([len(payload), kind, seq]) + payload
    return b"\xA5" + body + struct.pack("<H", crc16(body))


def bits(states):
    out = bytearray((len(states) + 7) // 8)
    for i, s in enumerate(states):
        if s:
            out[i // 8] |= 1 << (i % 8)
    return bytes(out)


def hexs(data):
    return " ".join(f"{b:02X}" for b in data)


vectors = []


def add(name, data, decoded):
    vectors.append((name, data, decoded))


add("hello", frame(0x01, 0, b"\x01"), "type=hello seq=0 protocol=1")
serial = b"SB-0101"
add("identify", frame(0x81, 0, bytes([1, 1, 2, 3, 8, 3, 1, len(serial)]) + serial),
    "type=identify seq=0 protocol=1 fw=1.2.3 sensors=8 lights=3 tools=1 serial=SB-0101")
add("sensor_change", frame(0x82, 5, struct.pack("<BBQ", 1, 1, 1_000_000)),
    "type=sensor_change seq=5 channel=1 state=1 time_us=1000000")
add("sensor_release", frame(0x82, 6, struct.pack("<BBQ", 8, 0, 4_294_967_296_123)),
    "type=sensor_change seq=6 channel=8 state=0 time_us=4294967296123")
add("snapshot_request", frame(0x03, 17), "type=snapshot_request seq=17")
states = [1, 0, 1, 0, 0, 0, 0, 0, 1]
add("sensor_snapshot", frame(0x83, 7, struct.pack("<QB", 2_500_000, len(states)) + bits(states)),
    "type=sensor_snapshot seq=7 time_us=2500000 count=9 states=101000001")
add("set_lights", frame(0x04, 18, bytes([3]) + bits([1, 0, 1])), "type=set_lights seq=18 count=3 lights=101")
add("lights_off", frame(0x04, 19, bytes([3]) + bits([0, 0, 0])), "type=set_lights seq=19 count=3 lights=000")
add("tool_ok", frame(0x85, 8, struct.pack("<BBHHQ", 1, 1, 1200, 3600, 3_000_000)),
    "type=tool_result seq=8 tool=1 ok=1 torque_mNm=1200 angle_decideg=3600 time_us=3000000")
add("tool_not_ok", frame(0x85, 9, struct.pack("<BBHHQ", 1, 0, 450, 900, 3_100_000)),
    "type=tool_result seq=9 tool=1 ok=0 torque_mNm=450 angle_decideg=900 time_us=3100000")
add("heartbeat", frame(0x86, 255, struct.pack("<Q", 60_000_000)), "type=heartbeat seq=255 time_us=60000000")
add("ping", frame(0x07, 20, struct.pack("<I", 0xDEADBEEF)), "type=ping seq=20 token=3735928559")
add("pong", frame(0x87, 10, struct.pack("<I", 0xDEADBEEF)), "type=pong seq=10 token=3735928559")
add("nak", frame(0x8F, 11, bytes([20, 0x04, 4])), "type=nak seq=11 ref_seq=20 ref_type=0x04 code=4")
add("longer_payload_is_accepted", frame(0x86, 12, struct.pack("<Q", 5) + b"\x01\x02"), "type=heartbeat seq=12 time_us=5")

good = frame(0x82, 13, struct.pack("<BBQ", 2, 1, 7_000_000))
bad_crc = bytearray(good)
bad_crc[-1] ^= 0x01
add("bad_crc", bytes(bad_crc), "dropped reason=bad crc")
add("truncated", good[:9], "dropped reason=truncated")
add("unknown_type", frame(0x42, 14, b"\x00\x01"), "dropped reason=unknown type 0x42")
add("oversize_length", bytes([0xA5, 200, 0x82, 15]) + bytes(10), "dropped reason=oversize length 200")
add("bad_length", frame(0x82, 16, b"\x01\x01"), "dropped reason=bad length for sensor_change")
add("junk_then_frame", b"\x00\x13\x37" + frame(0x86, 21, struct.pack("<Q", 9)), "dropped reason=junk; type=heartbeat seq=21 time_us=9")
two = frame(0x82, 22, struct.pack("<BBQ", 3, 1, 8_000_000)) + frame(0x85, 23, struct.pack("<BBHHQ", 1, 1, 1100, 3400, 8_100_000))
add("two_frames_in_one_transfer", two,
    "type=sensor_change seq=22 channel=3 state=1 time_us=8000000; "
    "type=tool_result seq=23 tool=1 ok=1 torque_mNm=1100 angle_decideg=3400 time_us=8100000")
add("bad_crc_then_good_frame", bytes(bad_crc) + frame(0x86, 24, struct.pack("<Q", 10)),
    "dropped reason=bad crc; type=heartbeat seq=24 time_us=10")

with open("firmware-protocol/vectors/v1.txt", "w") as out:
    out.write("# oss station board protocol v1 test vectors (PROTOCOL.md section 8).\n")
    out.write("# name<TAB>hex bytes of one transfer<TAB>decoded, '; '-separated\n")
    for name, data, decoded in vectors:
        out.write(f"{name}\t{hexs(data)}\t{decoded}\n")
print(f"{len(vectors)} vectors")
