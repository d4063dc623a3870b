#!/usr/bin/env python3
"""Host side of the framebuffer tests' VRAM check (kernel-tests/swift/Screendump.swift).

    screendump.py MONITOR_SOCKET SERIAL_SOCKET OUT_DIR

Connects to the VM's QEMU monitor and to its second serial port (the guest's /dev/ttyS1), both
unix sockets QEMU listens on. For each line "shot TAG WxH" from the guest it takes a QEMU
screendump of the VGA's video memory into OUT_DIR/TAG.ppm and answers
"dump TAG size=WxH sha256=HEX ppm=PATH" with the hash of the dump's RGB pixels (the header
left out). The guest compares that hash with the one of the frame it showed and gives the
verdict. Ends when QEMU closes the sockets; exits 1 if it could not connect.
"""
import hashlib
import os
import socket
import sys
import time


def connect(path, seconds=120):
    deadline = time.monotonic() + seconds
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Monitor:
    PROMPT = b"(qemu) "

    def __init__(self, path):
        self.sock = connect(path)
        self.read_prompt()

    def read_prompt(self):
        data = b""
        while not data.endswith(self.PROMPT):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("QEMU monitor closed")
            data += chunk
        return data

    def command(self, line):
        self.sock.sendall(line.encode() + b"\n")
        return self.read_prompt()


def pixels(path):
    """The RGB bytes of a binary PPM (P6, maxval 255) and its size."""
    with open(path, "rb") as f:
        data = f.read()
    fields, offset = [], 0
    while len(fields) < 4:
        while data[offset:offset + 1].isspace():
            offset += 1
        if data[offset:offset + 1] == b"#":
            offset = data.index(b"\n", offset)
            continue
        end = offset
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[offset:end])
        offset = end
    offset += 1  # the single whitespace after maxval
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P6" or maxval != 255:
        raise ValueError("%s: not an 8-bit P6 PPM" % path)
    body = data[offset:offset + width * height * 3]
    if len(body) != width * height * 3:
        raise ValueError("%s: %d pixel bytes, expected %d" % (path, len(body), width * height * 3))
    return width, height, body


def main():
    monitor_path, serial_path, out_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    serial = connect(serial_path)
    monitor = Monitor(monitor_path)
    buffer = b""
    while True:
        chunk = serial.recv(4096)
        if not chunk:
            return 0
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            words = line.decode(errors="replace").strip().split()
            if len(words) != 3 or words[0] != "shot":
                continue
            tag = "".join(c for c in words[1] if c.isalnum() or c in "-_")
            path = os.path.join(out_dir, tag + ".ppm")
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            try:
                monitor.command("screendump " + path)
                width, height, body = pixels(path)
                answer = "dump %s size=%dx%d sha256=%s ppm=%s" % (
                    tag, width, height, hashlib.sha256(body).hexdigest(), path)
            except (OSError, ValueError, EOFError) as error:
                answer = "error %s %s" % (tag, str(error).replace("\n", " "))
            print("screendump: " + answer, file=sys.stderr)
            serial.sendall(answer.encode() + b"\n")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, EOFError) as error:
        print("screendump: %s" % error, file=sys.stderr)
        sys.exit(1)
