/* Checks the reference codec against ../vectors/v1.txt: each transfer is
 * decoded whole, byte by byte and in chunks of 5, and every well-formed
 * single-frame vector is encoded again to the same bytes.
 * Usage: test_vectors [vectors-file]. Prints "N passed, M failed". */
#include "oss_board_proto.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct text { char s[1024]; int messages; struct oss_message last; };

static void append(struct text *t, const char *piece) {
    if (t->s[0]) strncat(t->s, "; ", sizeof t->s - strlen(t->s) - 1);
    strncat(t->s, piece, sizeof t->s - strlen(t->s) - 1);
}

static void bitstring(char *out, const uint8_t *bits, int count) {
    for (int i = 0; i < count; i++) out[i] = (bits[i / 8] >> (i % 8) & 1) ? '1' : '0';
    out[count] = 0;
}

static void on_event(const struct oss_event *e, void *context) {
    struct text *t = context;
    char piece[512], b[260];
    const struct oss_message *m = &e->message;
    switch (e->error) {
    case OSS_ERR_JUNK: append(t, "dropped reason=junk"); return;
    case OSS_ERR_OVERSIZE: snprintf(piece, sizeof piece, "dropped reason=oversize length %d", e->detail); append(t, piece); return;
    case OSS_ERR_BAD_CRC: append(t, "dropped reason=bad crc"); return;
    case OSS_ERR_TRUNCATED: append(t, "dropped reason=truncated"); return;
    case OSS_ERR_UNKNOWN_TYPE: snprintf(piece, sizeof piece, "dropped reason=unknown type 0x%02X", e->detail); append(t, piece); return;
    case OSS_ERR_BAD_LENGTH: snprintf(piece, sizeof piece, "dropped reason=bad length for %s", oss_type_name((uint8_t)e->detail)); append(t, piece); return;
    }
    int n = snprintf(piece, sizeof piece, "type=%s seq=%u", oss_type_name(m->type), m->seq);
    char *p = piece + n;
    size_t left = sizeof piece - n;
    switch (m->type) {
    case OSS_HELLO: snprintf(p, left, " protocol=%u", m->protocol); break;
    case OSS_IDENTIFY:
        snprintf(p, left, " protocol=%u fw=%u.%u.%u sensors=%u lights=%u tools=%u serial=%s", m->protocol, m->fw_major,
                 m->fw_minor, m->fw_patch, m->sensors, m->lights, m->tools, m->serial);
        break;
    case OSS_SENSOR_CHANGE: snprintf(p, left, " channel=%u state=%u time_us=%" PRIu64, m->channel, m->state, m->time_us); break;
    case OSS_SENSOR_SNAPSHOT: bitstring(b, m->bits, m->count); snprintf(p, left, " time_us=%" PRIu64 " count=%u states=%s", m->time_us, m->count, b); break;
    case OSS_SET_LIGHTS: bitstring(b, m->bits, m->count); snprintf(p, left, " count=%u lights=%s", m->count, b); break;
    case OSS_TOOL_RESULT:
        snprintf(p, left, " tool=%u ok=%u torque_mNm=%u angle_decideg=%u time_us=%" PRIu64, m->channel, m->ok, m->torque_mNm,
                 m->angle_decideg, m->time_us);
        break;
    case OSS_HEARTBEAT: snprintf(p, left, " time_us=%" PRIu64, m->time_us); break;
    case OSS_PING: case OSS_PONG: snprintf(p, left, " token=%u", m->token); break;
    case OSS_NAK: snprintf(p, left, " ref_seq=%u ref_type=0x%02X code=%u", m->ref_seq, m->ref_type, m->code); break;
    }
    append(t, piece);
    t->messages++;
    t->last = *m;
}

static void decode(const uint8_t *bytes, size_t length, size_t chunk, struct text *out) {
    struct oss_decoder decoder;
    memset(out, 0, sizeof *out);
    oss_decoder_init(&decoder, on_event, out);
    for (size_t i = 0; i < length; i += chunk) oss_decoder_feed(&decoder, bytes + i, length - i < chunk ? length - i : chunk);
    oss_decoder_end_transfer(&decoder);
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "vectors/v1.txt";
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); return 2; }
    if (oss_crc16((const uint8_t *)"123456789", 9) != 0x29B1) { puts("CRC check value wrong"); return 1; }
    char line[4096];
    int passed = 0, failed = 0;
    while (fgets(line, sizeof line, file)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\n")] = 0;
        char *name = strtok(line, "\t"), *hex = strtok(NULL, "\t"), *expected = strtok(NULL, "\t");
        if (!name || !hex || !expected) { printf("malformed vector line\n"); failed++; continue; }
        uint8_t bytes[1024];
        size_t length = 0;
        for (char *h = strtok(hex, " "); h; h = strtok(NULL, " ")) bytes[length++] = (uint8_t)strtoul(h, NULL, 16);
        size_t chunks[] = { length, 1, 5 };
        int ok = 1;
        struct text got;
        for (int c = 0; c < 3; c++) {
            decode(bytes, length, chunks[c] ? chunks[c] : 1, &got);
            if (strcmp(got.s, expected) != 0) {
                printf("FAIL %s (chunks of %zu)\n  expected: %s\n  got:      %s\n", name, chunks[c], expected, got.s);
                ok = 0;
                break;
            }
        }
        if (ok && got.messages == 1 && strstr(expected, "dropped") == NULL && strstr(name, "longer") == NULL) {
            uint8_t again[OSS_MAX_FRAME];
            size_t n = oss_encode_message(&got.last, again);
            if (n != length || memcmp(again, bytes, n) != 0) { printf("FAIL %s: encoding differs\n", name); ok = 0; }
        }
        if (ok) passed++; else failed++;
    }
    fclose(file);
    printf("protocol vectors (C): %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
