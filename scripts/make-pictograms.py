#!/usr/bin/env python3
"""Draws the simple step pictograms of stations/fietslamp-1/media as PNG
files (plain Python: zlib and struct). Re-run after changing a drawing.

Pictograms, not photos: high contrast, one idea each, on a transparent
background, as instructions for cognitively impaired workers should be.
"""
import math
import struct
import zlib

W, H = 240, 160


def png(path, pixels):
    raw = b"".join(b"\x00" + bytes(pixels[y * W * 4:(y + 1) * W * 4]) for y in range(H))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def canvas():
    return bytearray(W * H * 4)


def put(px, x, y, rgb):
    if 0 <= x < W and 0 <= y < H:
        i = (y * W + x) * 4
        px[i:i + 4] = bytes(rgb) + b"\xff"


def rect(px, x0, y0, x1, y1, rgb):
    for y in range(y0, y1):
        for x in range(x0, x1):
            put(px, x, y, rgb)


def disc(px, cx, cy, r, rgb):
    for y in range(cy - r, cy + r + 1):
        for x in range(cx - r, cx + r + 1):
            if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
                put(px, x, y, rgb)


def arrow_down(px, cx, y0, y1, rgb):
    rect(px, cx - 6, y0, cx + 6, y1 - 14, rgb)
    for i in range(20):
        rect(px, cx - 20 + i, y1 - 20 + i, cx + 20 - i, y1 - 19 + i, rgb)


housing = canvas()
rect(housing, 50, 40, 190, 140, (150, 150, 150))
rect(housing, 62, 52, 178, 128, (40, 40, 40))
arrow_down(housing, 120, 0, 36, (255, 210, 0))
png("stations/fietslamp-1/media/behuizing.png", housing)

board = canvas()
rect(board, 40, 50, 200, 130, (0, 130, 60))
for x in (60, 100, 140):
    rect(board, x, 70, x + 28, 100, (20, 20, 20))
disc(board, 180, 110, 8, (255, 255, 255))
arrow_down(board, 120, 0, 46, (255, 210, 0))
png("stations/fietslamp-1/media/printplaat.png", board)

lens = canvas()
disc(lens, 120, 95, 55, (220, 220, 220))
disc(lens, 120, 95, 45, (120, 190, 255))
disc(lens, 100, 78, 10, (255, 255, 255))
png("stations/fietslamp-1/media/lens.png", lens)

screws = canvas()
for cx in (80, 160):
    disc(screws, cx, 90, 30, (190, 190, 190))
    rect(screws, cx - 22, 86, cx + 22, 94, (40, 40, 40))
    rect(screws, cx - 4, 68, cx + 4, 112, (40, 40, 40))
for a in range(0, 270, 3):
    t = math.radians(a)
    put(screws, int(120 + 100 * math.cos(t)), int(90 + 60 * math.sin(t)), (255, 210, 0))
png("stations/fietslamp-1/media/schroeven.png", screws)
print("4 pictograms written")
