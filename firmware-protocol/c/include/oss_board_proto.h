/* oss station board protocol v1: reference encoder and decoder (C99).
 *
 * No allocation, no I/O: suitable for firmware. See ../PROTOCOL.md.
 * MIT License. */
#ifndef OSS_BOARD_PROTO_H
#define OSS_BOARD_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define OSS_SYNC 0xA5
#define OSS_PROTOCOL_VERSION 1
#define OSS_MAX_PAYLOAD 48
#define OSS_MAX_FRAME (4 + OSS_MAX_PAYLOAD + 2)

enum oss_type {
    OSS_HELLO = 0x01,
    OSS_IDENTIFY = 0x81,
    OSS_SENSOR_CHANGE = 0x82,
    OSS_SNAPSHOT_REQUEST = 0x03,
    OSS_SENSOR_SNAPSHOT = 0x83,
    OSS_SET_LIGHTS = 0x04,
    OSS_TOOL_RESULT = 0x85,
    OSS_HEARTBEAT = 0x86,
    OSS_PING = 0x07,
    OSS_PONG = 0x87,
    OSS_NAK = 0x8F,
};

enum oss_error {
    OSS_ERR_JUNK = 1,
    OSS_ERR_OVERSIZE,
    OSS_ERR_BAD_CRC,
    OSS_ERR_TRUNCATED,
    OSS_ERR_UNKNOWN_TYPE,
    OSS_ERR_BAD_LENGTH,
};

/* A decoded message. Which fields are set depends on `type`. */
struct oss_message {
    uint8_t type;
    uint8_t seq;
    uint8_t protocol;                     /* HELLO, IDENTIFY */
    uint8_t fw_major, fw_minor, fw_patch; /* IDENTIFY */
    uint8_t sensors, lights, tools;       /* IDENTIFY */
    char serial[33];                      /* IDENTIFY, NUL-terminated */
    uint8_t channel;                      /* SENSOR_CHANGE; tool for TOOL_RESULT */
    uint8_t state;                        /* SENSOR_CHANGE */
    uint8_t ok;                           /* TOOL_RESULT */
    uint16_t torque_mNm, angle_decideg;   /* TOOL_RESULT */
    uint64_t time_us;                     /* SENSOR_CHANGE, SENSOR_SNAPSHOT, TOOL_RESULT, HEARTBEAT */
    uint8_t count;                        /* SENSOR_SNAPSHOT, SET_LIGHTS */
    uint8_t bits[32];                     /* SENSOR_SNAPSHOT states, SET_LIGHTS lights */
    uint32_t token;                       /* PING, PONG */
    uint8_t ref_seq, ref_type, code;      /* NAK */
};

/* One thing the decoder found: a message, or an error with `detail`
 * (the length for OVERSIZE, the type for UNKNOWN_TYPE and BAD_LENGTH). */
struct oss_event {
    int error; /* 0 for a message, else enum oss_error */
    int detail;
    struct oss_message message;
};

typedef void (*oss_event_fn)(const struct oss_event *event, void *context);

/* A streaming decoder: feed bytes as they come, in any chunks; call
 * oss_decoder_end_transfer at the end of each USB transfer. */
struct oss_decoder {
    uint8_t buffer[OSS_MAX_FRAME * 2];
    size_t used;
    int quiet; /* discarding bytes after an error or reported junk */
    oss_event_fn on_event;
    void *context;
};

uint16_t oss_crc16(const uint8_t *data, size_t length);

void oss_decoder_init(struct oss_decoder *decoder, oss_event_fn on_event, void *context);
void oss_decoder_feed(struct oss_decoder *decoder, const uint8_t *data, size_t length);
void oss_decoder_end_transfer(struct oss_decoder *decoder);

/* Writes a frame into `out` (at least OSS_MAX_FRAME bytes); returns its
 * length, or 0 when the payload is longer than OSS_MAX_PAYLOAD. */
size_t oss_encode(uint8_t type, uint8_t seq, const uint8_t *payload, size_t length, uint8_t *out);

/* Encodes a message's payload by its type (the inverse of the decoder);
 * returns the frame's length, or 0 for an unknown type. */
size_t oss_encode_message(const struct oss_message *message, uint8_t *out);

/* The name of a type in the vectors' text form ("sensor_change"), or NULL. */
const char *oss_type_name(uint8_t type);

#endif
