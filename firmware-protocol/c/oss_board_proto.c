/* oss station board protocol v1: reference encoder and decoder. MIT License. */
#include "oss_board_proto.h"

#include <string.h>

uint16_t oss_crc16(const uint8_t *data, size_t length) {
    uint16_t crc = 0xFFFF; /* CRC-16/CCITT-FALSE */
    for (size_t i = 0; i < length; i++) {
        crc ^= (uint16_t)(data[i] << 8);
        for (int bit = 0; bit < 8; bit++) crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16; }
static uint64_t get64(const uint8_t *p) { return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32; }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

const char *oss_type_name(uint8_t type) {
    switch (type) {
    case OSS_HELLO: return "hello";
    case OSS_IDENTIFY: return "identify";
    case OSS_SENSOR_CHANGE: return "sensor_change";
    case OSS_SNAPSHOT_REQUEST: return "snapshot_request";
    case OSS_SENSOR_SNAPSHOT: return "sensor_snapshot";
    case OSS_SET_LIGHTS: return "set_lights";
    case OSS_TOOL_RESULT: return "tool_result";
    case OSS_HEARTBEAT: return "heartbeat";
    case OSS_PING: return "ping";
    case OSS_PONG: return "pong";
    case OSS_NAK: return "nak";
    default: return NULL;
    }
}

void oss_decoder_init(struct oss_decoder *decoder, oss_event_fn on_event, void *context) {
    memset(decoder, 0, sizeof *decoder);
    decoder->on_event = on_event;
    decoder->context = context;
}

static void emit_error(struct oss_decoder *d, int error, int detail) {
    struct oss_event event;
    memset(&event, 0, sizeof event);
    event.error = error;
    event.detail = detail;
    d->on_event(&event, d->context);
}

static void drop(struct oss_decoder *d, size_t count) {
    memmove(d->buffer, d->buffer + count, d->used - count);
    d->used -= count;
}

/* Parses a frame with a good CRC. Returns 0, or an error code. */
static int parse(uint8_t type, uint8_t seq, const uint8_t *p, size_t n, struct oss_message *m) {
    memset(m, 0, sizeof *m);
    m->type = type;
    m->seq = seq;
    switch (type) {
    case OSS_HELLO:
        if (n < 1) return OSS_ERR_BAD_LENGTH;
        m->protocol = p[0];
        return 0;
    case OSS_IDENTIFY:
        if (n < 8 || p[7] > 32 || n < 8u + p[7]) return OSS_ERR_BAD_LENGTH;
        m->protocol = p[0]; m->fw_major = p[1]; m->fw_minor = p[2]; m->fw_patch = p[3];
        m->sensors = p[4]; m->lights = p[5]; m->tools = p[6];
        memcpy(m->serial, p + 8, p[7]);
        m->serial[p[7]] = 0;
        return 0;
    case OSS_SENSOR_CHANGE:
        if (n < 10) return OSS_ERR_BAD_LENGTH;
        m->channel = p[0]; m->state = p[1]; m->time_us = get64(p + 2);
        return 0;
    case OSS_SNAPSHOT_REQUEST:
        return 0;
    case OSS_SENSOR_SNAPSHOT:
        if (n < 9 || n < 9u + (p[8] + 7u) / 8) return OSS_ERR_BAD_LENGTH;
        m->time_us = get64(p); m->count = p[8];
        memcpy(m->bits, p + 9, (p[8] + 7u) / 8);
        return 0;
    case OSS_SET_LIGHTS:
        if (n < 1 || n < 1u + (p[0] + 7u) / 8) return OSS_ERR_BAD_LENGTH;
        m->count = p[0];
        memcpy(m->bits, p + 1, (p[0] + 7u) / 8);
        return 0;
    case OSS_TOOL_RESULT:
        if (n < 14) return OSS_ERR_BAD_LENGTH;
        m->channel = p[0]; m->ok = p[1]; m->torque_mNm = get16(p + 2); m->angle_decideg = get16(p + 4);
        m->time_us = get64(p + 6);
        return 0;
    case OSS_HEARTBEAT:
        if (n < 8) return OSS_ERR_BAD_LENGTH;
        m->time_us = get64(p);
        return 0;
    case OSS_PING:
    case OSS_PONG:
        if (n < 4) return OSS_ERR_BAD_LENGTH;
        m->token = get32(p);
        return 0;
    case OSS_NAK:
        if (n < 3) return OSS_ERR_BAD_LENGTH;
        m->ref_seq = p[0]; m->ref_type = p[1]; m->code = p[2];
        return 0;
    default:
        return OSS_ERR_UNKNOWN_TYPE;
    }
}

/* Decodes what the buffer holds; stops at an incomplete frame. */
static void process(struct oss_decoder *d) {
    while (d->used > 0) {
        if (d->buffer[0] != OSS_SYNC) {
            size_t skip = 1;
            while (skip < d->used && d->buffer[skip] != OSS_SYNC) skip++;
            if (!d->quiet) emit_error(d, OSS_ERR_JUNK, 0);
            d->quiet = 1;
            drop(d, skip);
            continue;
        }
        d->quiet = 0;
        if (d->used < 2) return;
        size_t length = d->buffer[1];
        if (length > OSS_MAX_PAYLOAD) {
            emit_error(d, OSS_ERR_OVERSIZE, (int)length);
            d->quiet = 1;
            drop(d, 1);
            continue;
        }
        size_t total = 4 + length + 2;
        if (d->used < total) return;
        if (oss_crc16(d->buffer + 1, 3 + length) != get16(d->buffer + 4 + length)) {
            emit_error(d, OSS_ERR_BAD_CRC, 0);
            d->quiet = 1;
            drop(d, 1);
            continue;
        }
        struct oss_event event;
        memset(&event, 0, sizeof event);
        event.error = parse(d->buffer[2], d->buffer[3], d->buffer + 4, length, &event.message);
        event.detail = d->buffer[2];
        d->on_event(&event, d->context);
        drop(d, total);
    }
}

void oss_decoder_feed(struct oss_decoder *decoder, const uint8_t *data, size_t length) {
    for (size_t i = 0; i < length; i++) {
        decoder->buffer[decoder->used++] = data[i];
        /* A frame is complete or refused by OSS_MAX_FRAME bytes, so the
         * buffer never holds more than one frame and one byte. */
        if (decoder->used >= OSS_MAX_FRAME || i + 1 == length) process(decoder);
    }
}

void oss_decoder_end_transfer(struct oss_decoder *decoder) {
    process(decoder);
    if (decoder->used > 0) emit_error(decoder, OSS_ERR_TRUNCATED, 0);
    decoder->used = 0;
    decoder->quiet = 0;
}

size_t oss_encode(uint8_t type, uint8_t seq, const uint8_t *payload, size_t length, uint8_t *out) {
    if (length > OSS_MAX_PAYLOAD) return 0;
    out[0] = OSS_SYNC;
    out[1] = (uint8_t)length;
    out[2] = type;
    out[3] = seq;
    if (length) memcpy(out + 4, payload, length);
    put16(out + 4 + length, oss_crc16(out + 1, 3 + length));
    return 4 + length + 2;
}

size_t oss_encode_message(const struct oss_message *m, uint8_t *out) {
    uint8_t p[OSS_MAX_PAYLOAD];
    size_t n = 0;
    size_t bytes = (m->count + 7u) / 8;
    switch (m->type) {
    case OSS_HELLO: p[0] = m->protocol; n = 1; break;
    case OSS_IDENTIFY: {
        size_t serial = strlen(m->serial);
        p[0] = m->protocol; p[1] = m->fw_major; p[2] = m->fw_minor; p[3] = m->fw_patch;
        p[4] = m->sensors; p[5] = m->lights; p[6] = m->tools; p[7] = (uint8_t)serial;
        memcpy(p + 8, m->serial, serial);
        n = 8 + serial;
        break;
    }
    case OSS_SENSOR_CHANGE: p[0] = m->channel; p[1] = m->state; put64(p + 2, m->time_us); n = 10; break;
    case OSS_SNAPSHOT_REQUEST: n = 0; break;
    case OSS_SENSOR_SNAPSHOT: put64(p, m->time_us); p[8] = m->count; memcpy(p + 9, m->bits, bytes); n = 9 + bytes; break;
    case OSS_SET_LIGHTS: p[0] = m->count; memcpy(p + 1, m->bits, bytes); n = 1 + bytes; break;
    case OSS_TOOL_RESULT:
        p[0] = m->channel; p[1] = m->ok; put16(p + 2, m->torque_mNm); put16(p + 4, m->angle_decideg);
        put64(p + 6, m->time_us); n = 14;
        break;
    case OSS_HEARTBEAT: put64(p, m->time_us); n = 8; break;
    case OSS_PING: case OSS_PONG: put32(p, m->token); n = 4; break;
    case OSS_NAK: p[0] = m->ref_seq; p[1] = m->ref_type; p[2] = m->code; n = 3; break;
    default: return 0;
    }
    return oss_encode(m->type, m->seq, p, n, out);
}
