#ifndef OSS_UMOCKDEV_H
#define OSS_UMOCKDEV_H

/* Emulated devices for oss's tests, on umockdev's preload: evdev input
 * devices answered by an ioctl handler, and (later) the station board.
 * The testbed is process-global: use one at a time. */

#include <stddef.h>
#include <stdint.h>

typedef struct oss_testbed oss_testbed;

/* Whether this process runs with umockdev's preload library. */
int oss_umockdev_available(void);

/* A new testbed, or NULL without the preload. Waits while another test
 * holds one: free it to let the next one go. */
oss_testbed *oss_testbed_new(void);
void oss_testbed_free(oss_testbed *tb);

/* Adds /dev/input/event<number> with the given identity and keys.
 * Returns 0, or -1 with a message on stderr. */
int oss_testbed_add_evdev(oss_testbed *tb, unsigned number, const char *name, const char *phys, uint16_t vendor,
                          uint16_t product, const uint16_t *keys, size_t key_count);

/* Sends one input event from the device. Returns 0 or -1. */
int oss_testbed_evdev_event(oss_testbed *tb, unsigned number, uint16_t type, uint16_t code, int32_t value);

/* 1 when the device is grabbed (EVIOCGRAB) by a reader. */
int oss_testbed_evdev_grabbed(oss_testbed *tb, unsigned number);

void oss_testbed_remove_evdev(oss_testbed *tb, unsigned number);

#endif

/* ---- The station board: /dev/bus/usb/001/002, speaking protocol v1 ---- */

/* Plugs in a board with these identities and channel counts. */
int oss_testbed_add_board(oss_testbed *tb, uint16_t vendor, uint16_t product, const char *serial, uint8_t sensors,
                          uint8_t lights, uint8_t tools);
/* Unplugs it. */
void oss_testbed_remove_board(oss_testbed *tb);
/* The board reports a sensor change or a tool result (one transfer each). */
int oss_testbed_board_sensor(oss_testbed *tb, uint8_t channel, uint8_t state);
int oss_testbed_board_tool(oss_testbed *tb, uint8_t tool, int ok);
/* The board sends these bytes as one transfer. */
int oss_testbed_board_raw(oss_testbed *tb, const uint8_t *bytes, size_t length);
/* The board skips sequence numbers (frames lost on the way). */
void oss_testbed_board_skip(oss_testbed *tb, uint8_t count);
/* What the host has sent: HELLOs, snapshot requests, SET_LIGHTS frames, and
 * the last lights bitmap (bit n-1 = light n). */
int oss_testbed_board_hellos(oss_testbed *tb);
int oss_testbed_board_snapshot_requests(oss_testbed *tb);
int oss_testbed_board_light_updates(oss_testbed *tb);
uint32_t oss_testbed_board_lights(oss_testbed *tb);
/* Whether the interface is claimed by a host. */
int oss_testbed_board_open(oss_testbed *tb);

/* The testbed's root folder: a child process with UMOCKDEV_DIR set to it
 * (and the preload) sees the emulated devices, as under umockdev-run.
 * The string stays valid until oss_testbed_free. */
const char *oss_testbed_root(oss_testbed *tb);
