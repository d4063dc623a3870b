/* board_gadget: the station board's firmware, played over FunctionFS with the protocol's
 * reference codec (firmware-protocol/c), so that oss's BoardLink talks to it through
 * libusb and the kernel's USB stack (dummy_hcd).
 *   board_gadget FFS_DIR
 * Interface 0, vendor class: bulk IN 0x81 and bulk OUT 0x01, as on the real board. dummy_hcd
 * hands out its bulk OUT endpoints as 0x02, 0x07, 0x0c, then 0x01, so three unused bulk OUT
 * endpoints come first in the descriptors (FunctionFS files ep2..ep4; the board's OUT is ep5).
 * The firmware part answers HELLO with IDENTIFY (serial SB-0101, 8 sensors, 3 lights, 1 tool),
 * PING with PONG, SNAPSHOT_REQUEST with a snapshot, and remembers SET_LIGHTS. Commands on
 * standard input, one answer line each ("ok ..." or "error ..."):
 *   pick CH               sensor CH active, then released (two SENSOR_CHANGE frames)
 *   tool CH OK TORQUE ANGLE   one TOOL_RESULT
 *   heartbeat N           N HEARTBEAT frames
 *   state                 "ok hellos=N lights=101 light_frames=N pings=N bad=N"
 * It survives unbind/bind of the UDC (unplug/replug): endpoint I/O is retried after ESHUTDOWN. */
#include <errno.h>
#include <fcntl.h>
#include <linux/usb/functionfs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "oss_board_proto.h"

#define EP(addr, size) { .bLength = USB_DT_ENDPOINT_SIZE, .bDescriptorType = USB_DT_ENDPOINT, \
  .bEndpointAddress = (addr), .bmAttributes = USB_ENDPOINT_XFER_BULK, .wMaxPacketSize = (size) }
#define SPEED(size) { .intf = { .bLength = sizeof(struct usb_interface_descriptor), .bDescriptorType = USB_DT_INTERFACE, \
  .bNumEndpoints = 5, .bInterfaceClass = USB_CLASS_VENDOR_SPEC, .iInterface = 1 }, \
  .in = EP(1 | USB_DIR_IN, size), .spare = { EP(2, size), EP(3, size), EP(4, size) }, .out = EP(5, size) }
static const struct {
  struct usb_functionfs_descs_head_v2 header;
  __le32 fs_count, hs_count;
  struct {
    struct usb_interface_descriptor intf;
    struct usb_endpoint_descriptor_no_audio in, spare[3], out;
  } __attribute__((packed)) fs, hs;
} __attribute__((packed)) descriptors = {
  .header = { .magic = FUNCTIONFS_DESCRIPTORS_MAGIC_V2, .length = sizeof descriptors,
              .flags = FUNCTIONFS_HAS_FS_DESC | FUNCTIONFS_HAS_HS_DESC },
  .fs_count = 6, .hs_count = 6, .fs = SPEED(64), .hs = SPEED(512),
};
#define STR "oss station board"
static const struct {
  struct usb_functionfs_strings_head header;
  struct { __le16 code; const char str1[sizeof STR]; } __attribute__((packed)) lang0;
} __attribute__((packed)) strings = {
  .header = { .magic = FUNCTIONFS_STRINGS_MAGIC, .length = sizeof strings, .str_count = 1, .lang_count = 1 },
  .lang0 = { 0x0409, STR },
};

static char dir[200];
static int in_fd;
static uint8_t seq;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int hellos, light_frames, pings, bad;
static char lights[40] = "-";

static uint64_t now_us(void) {
  struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

/* One frame to the host on bulk IN, retried while the gadget is unplugged. */
static int send_message(struct oss_message *m) {
  uint8_t frame[OSS_MAX_FRAME];
  pthread_mutex_lock(&lock);
  m->seq = seq++;
  size_t n = oss_encode_message(m, frame);
  pthread_mutex_unlock(&lock);
  for (int tries = 0; tries < 500; tries++) {
    if (write(in_fd, frame, n) == (ssize_t)n) return 0;
    if (errno != ESHUTDOWN && errno != EINTR && errno != EAGAIN) break;
    usleep(10000);
  }
  return -1;
}

static void on_event(const struct oss_event *event, void *context) {
  (void)context;
  struct oss_message reply; memset(&reply, 0, sizeof reply);
  if (event->error) { pthread_mutex_lock(&lock); bad++; pthread_mutex_unlock(&lock); return; }
  const struct oss_message *m = &event->message;
  switch (m->type) {
  case OSS_HELLO:
    pthread_mutex_lock(&lock); hellos++; pthread_mutex_unlock(&lock);
    reply.type = OSS_IDENTIFY; reply.protocol = OSS_PROTOCOL_VERSION;
    reply.fw_major = 1; reply.fw_minor = 2; reply.fw_patch = 3;
    reply.sensors = 8; reply.lights = 3; reply.tools = 1;
    snprintf(reply.serial, sizeof reply.serial, "SB-0101");
    send_message(&reply);
    break;
  case OSS_SET_LIGHTS:
    pthread_mutex_lock(&lock);
    light_frames++;
    for (int i = 0; i < m->count && i < (int)sizeof lights - 1; i++) lights[i] = (m->bits[i / 8] >> (i % 8)) & 1 ? '1' : '0';
    lights[m->count < sizeof lights - 1 ? m->count : sizeof lights - 1] = 0;
    pthread_mutex_unlock(&lock);
    break;
  case OSS_PING:
    pthread_mutex_lock(&lock); pings++; pthread_mutex_unlock(&lock);
    reply.type = OSS_PONG; reply.token = m->token;
    send_message(&reply);
    break;
  case OSS_SNAPSHOT_REQUEST:
    reply.type = OSS_SENSOR_SNAPSHOT; reply.time_us = now_us(); reply.count = 8;
    send_message(&reply);
    break;
  default:
    break;
  }
}

static void *out_thread(void *arg) {
  (void)arg;
  char p[300]; snprintf(p, sizeof p, "%s/ep5", dir);
  int out = open(p, O_RDWR);
  if (out < 0) { perror("board_gadget: open ep5"); exit(1); }
  struct oss_decoder decoder;
  oss_decoder_init(&decoder, on_event, NULL);
  for (;;) {
    uint8_t buffer[512];
    ssize_t n = read(out, buffer, sizeof buffer);
    if (n < 0) { usleep(10000); continue; } /* ESHUTDOWN while unplugged */
    oss_decoder_feed(&decoder, buffer, (size_t)n);
    oss_decoder_end_transfer(&decoder);
  }
  return NULL;
}

static void *ep0_thread(void *arg) {
  int ep0 = *(int *)arg;
  for (;;) {
    struct usb_functionfs_event ev;
    ssize_t n = read(ep0, &ev, sizeof ev);
    if (n < 0) { if (errno == EINTR) continue; usleep(10000); continue; }
    if (ev.type == FUNCTIONFS_SETUP) { /* no control requests: stall */
      if (ev.u.setup.bRequestType & USB_DIR_IN) { if (write(ep0, NULL, 0) < 0) {} } else { if (read(ep0, NULL, 0) < 0) {} }
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  snprintf(dir, sizeof dir, "%s", argc > 1 ? argv[1] : "/dev/ffs-oss");
  char p[300]; snprintf(p, sizeof p, "%s/ep0", dir);
  static int ep0;
  ep0 = open(p, O_RDWR);
  if (ep0 < 0) { printf("error open %s: %s\n", p, strerror(errno)); return 1; }
  if (write(ep0, &descriptors, sizeof descriptors) < 0 || write(ep0, &strings, sizeof strings) < 0) {
    printf("error descriptors: %s\n", strerror(errno)); return 1;
  }
  snprintf(p, sizeof p, "%s/ep1", dir);
  in_fd = open(p, O_RDWR);
  if (in_fd < 0) { printf("error open ep1: %s\n", strerror(errno)); return 1; }
  pthread_t t1, t2;
  pthread_create(&t1, NULL, out_thread, NULL);
  pthread_create(&t2, NULL, ep0_thread, &ep0);
  printf("ready\n");
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    struct oss_message m; memset(&m, 0, sizeof m);
    int a, b, c, d, failed = 0;
    if (sscanf(line, "pick %d", &a) == 1) {
      m.type = OSS_SENSOR_CHANGE; m.channel = (uint8_t)a; m.state = 1; m.time_us = now_us();
      failed |= send_message(&m);
      m.state = 0; m.time_us = now_us();
      failed |= send_message(&m);
    } else if (sscanf(line, "tool %d %d %d %d", &a, &b, &c, &d) == 4) {
      m.type = OSS_TOOL_RESULT; m.channel = (uint8_t)a; m.ok = (uint8_t)b;
      m.torque_mNm = (uint16_t)c; m.angle_decideg = (uint16_t)d; m.time_us = now_us();
      failed |= send_message(&m);
    } else if (sscanf(line, "heartbeat %d", &a) == 1) {
      for (int i = 0; i < a; i++) { m.type = OSS_HEARTBEAT; m.time_us = now_us(); failed |= send_message(&m); }
    } else if (!strncmp(line, "state", 5)) {
      pthread_mutex_lock(&lock);
      printf("ok hellos=%d lights=%s light_frames=%d pings=%d bad=%d\n", hellos, lights, light_frames, pings, bad);
      pthread_mutex_unlock(&lock);
      continue;
    } else { printf("error unknown command %s", line); continue; }
    printf(failed ? "error the host did not take the frame\n" : "ok\n");
  }
  return 0;
}
