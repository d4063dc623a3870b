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

/* A new testbed, or NULL without the preload. */
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
