#include "oss_umockdev.h"
#include "oss_board_proto.h"

#include <errno.h>
#include <linux/usbdevice_fs.h>
#include <stddef.h>
#include <linux/input.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <umockdev.h>
#include <unistd.h>

#define MAX_EVDEV 16

struct evdev_state {
    int used;
    char name[128], phys[128];
    uint16_t vendor, product;
    uint8_t keys[KEY_MAX / 8 + 1];
    int grabbed;
    char syspath[256];
    UMockdevIoctlBase *handler;
};

#define QUEUE 64
#define MAX_URBS 64

/* The emulated station board: firmware-like, on the C reference codec. */
struct board_state {
    int used, claimed, unplugged;
    char serial[33];
    uint8_t sensors, lights, tools, seq;
    uint8_t queue[QUEUE][OSS_MAX_FRAME * 2];
    size_t queue_length[QUEUE];
    int queue_head, queue_count;
    UMockdevIoctlData *pending_in[MAX_URBS]; /* IN urbs waiting for data */
    UMockdevIoctlData *pending_buffer[MAX_URBS];
    int pending_count;
    UMockdevIoctlData *done[MAX_URBS]; /* completed urbs to reap */
    int done_count;
    struct oss_decoder decoder;
    int hellos, snapshot_requests, light_updates;
    uint32_t light_bits;
    UMockdevIoctlBase *handler;
};

static void board_release(struct oss_testbed *tb);

struct oss_testbed {
    UMockdevTestbed *bed;
    char *root;
    pthread_mutex_t lock;
    struct evdev_state evdev[MAX_EVDEV];
    struct board_state board;
};

int oss_umockdev_available(void) {
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "libumockdev-preload") != NULL;
}

/* The testbed is process-global (UMOCKDEV_DIR), and test suites run in
 * parallel: one testbed at a time, held from new to free. */
static pthread_mutex_t exclusive = PTHREAD_MUTEX_INITIALIZER;

oss_testbed *oss_testbed_new(void) {
    if (!oss_umockdev_available()) return NULL;
    pthread_mutex_lock(&exclusive);
    oss_testbed *tb = calloc(1, sizeof *tb);
    tb->bed = umockdev_testbed_new();
    pthread_mutex_init(&tb->lock, NULL);
    return tb;
}

void oss_testbed_free(oss_testbed *tb) {
    if (!tb) return;
    for (unsigned i = 0; i < MAX_EVDEV; i++) oss_testbed_remove_evdev(tb, i);
    oss_testbed_remove_board(tb);
    board_release(tb);
    g_object_unref(tb->bed);
    g_free(tb->root);
    pthread_mutex_destroy(&tb->lock);
    free(tb);
    pthread_mutex_unlock(&exclusive);
}

/* Copies `length` bytes of `value` into the client's buffer of `size`. */
static void reply(UMockdevIoctlClient *client, size_t size, const void *value, size_t length, int result) {
    GError *error = NULL;
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    UMockdevIoctlData *buffer = umockdev_ioctl_data_resolve(arg, 0, size, &error);
    if (!buffer) {
        g_clear_error(&error);
        umockdev_ioctl_client_complete(client, -1, EFAULT);
        return;
    }
    memset(buffer->data, 0, size);
    memcpy(buffer->data, value, length < size ? length : size);
    umockdev_ioctl_client_complete(client, result, 0);
}

/* Answers libevdev's queries from the device description. Runs on
 * umockdev's thread. */
static gboolean on_evdev_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer data) {
    (void)handler;
    struct oss_testbed *tb = ((void **)data)[0];
    struct evdev_state *dev = ((void **)data)[1];
    unsigned long request = umockdev_ioctl_client_get_request(client);
    if (_IOC_TYPE(request) != 'E') return FALSE;
    unsigned nr = _IOC_NR(request);
    size_t size = _IOC_SIZE(request);
    pthread_mutex_lock(&tb->lock);
    if (request == EVIOCGRAB) {
        /* The argument is the value itself (1 grab, 0 release), not a pointer. */
        UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
        gulong value = 0;
        memcpy(&value, arg->data, (size_t)arg->data_len < sizeof value ? (size_t)arg->data_len : sizeof value);
        dev->grabbed = value != 0;
        pthread_mutex_unlock(&tb->lock);
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
    }
    uint8_t bits[KEY_MAX / 8 + 1];
    memset(bits, 0, sizeof bits);
    if (nr == 0x20) { /* EVIOCGBIT(0): event types */
        bits[0] = (1 << EV_SYN) | (1 << EV_KEY);
        reply(client, size, bits, sizeof bits, (int)size);
    } else if (nr == 0x20 + EV_KEY) {
        reply(client, size, dev->keys, sizeof dev->keys, (int)size);
    } else if (nr > 0x20 && nr < 0x20 + EV_MAX) { /* other event types: none */
        reply(client, size, bits, 0, (int)size);
    } else if (nr == 0x06) { /* EVIOCGNAME */
        reply(client, size, dev->name, strlen(dev->name) + 1, (int)strlen(dev->name) + 1);
    } else if (nr == 0x07) { /* EVIOCGPHYS */
        reply(client, size, dev->phys, strlen(dev->phys) + 1, (int)strlen(dev->phys) + 1);
    } else if (nr == 0x08) { /* EVIOCGUNIQ: none */
        pthread_mutex_unlock(&tb->lock);
        umockdev_ioctl_client_complete(client, -1, ENOENT);
        return TRUE;
    } else if (nr == 0x02) { /* EVIOCGID */
        struct input_id id = { BUS_USB, dev->vendor, dev->product, 1 };
        reply(client, size, &id, sizeof id, 0);
    } else if (nr == 0x01) { /* EVIOCGVERSION */
        int version = EV_VERSION;
        reply(client, size, &version, sizeof version, 0);
    } else if (nr == 0x09 || nr == 0x18 || nr == 0x19 || nr == 0x1a || nr == 0x1b) { /* PROP, KEY, LED, SND, SW state */
        reply(client, size, bits, 0, (int)size);
    } else {
        pthread_mutex_unlock(&tb->lock);
        umockdev_ioctl_client_complete(client, -1, ENOTTY);
        return TRUE;
    }
    pthread_mutex_unlock(&tb->lock);
    return TRUE;
}

int oss_testbed_add_evdev(oss_testbed *tb, unsigned number, const char *name, const char *phys, uint16_t vendor,
                          uint16_t product, const uint16_t *keys, size_t key_count) {
    if (number >= MAX_EVDEV) return -1;
    struct evdev_state *dev = &tb->evdev[number];
    memset(dev, 0, sizeof *dev);
    snprintf(dev->name, sizeof dev->name, "%s", name);
    snprintf(dev->phys, sizeof dev->phys, "%s", phys ? phys : "");
    dev->vendor = vendor;
    dev->product = product;
    for (size_t i = 0; i < key_count; i++) dev->keys[keys[i] / 8] |= 1 << (keys[i] % 8);
    char description[2048];
    snprintf(description, sizeof description,
             "P: /devices/virtual/input/input%u/event%u\n"
             "N: input/event%u\n"
             "E: DEVNAME=/dev/input/event%u\n"
             "E: SUBSYSTEM=input\n"
             "A: dev=13:%u\n"
             "L: device=../../input%u\n"
             "\n"
             "P: /devices/virtual/input/input%u\n"
             "E: SUBSYSTEM=input\n"
             "E: NAME=\"%s\"\n"
             "A: name=%s\n",
             number, number, number, number, 64 + number, number, number, name, name);
    GError *error = NULL;
    if (!umockdev_testbed_add_from_string(tb->bed, description, &error)) {
        fprintf(stderr, "umockdev: %s\n", error->message);
        g_clear_error(&error);
        return -1;
    }
    snprintf(dev->syspath, sizeof dev->syspath, "/sys/devices/virtual/input/input%u/event%u", number, number);
    dev->handler = umockdev_ioctl_base_new();
    static void *contexts[MAX_EVDEV][2];
    contexts[number][0] = tb;
    contexts[number][1] = dev;
    g_signal_connect(dev->handler, "handle-ioctl", G_CALLBACK(on_evdev_ioctl), contexts[number]);
    char node[64];
    snprintf(node, sizeof node, "/dev/input/event%u", number);
    if (!umockdev_testbed_attach_ioctl(tb->bed, node, dev->handler, &error)) {
        fprintf(stderr, "umockdev: %s\n", error->message);
        g_clear_error(&error);
        return -1;
    }
    dev->used = 1;
    return 0;
}

int oss_testbed_evdev_event(oss_testbed *tb, unsigned number, uint16_t type, uint16_t code, int32_t value) {
    char node[64];
    snprintf(node, sizeof node, "/dev/input/event%u", number);
    int fd = umockdev_testbed_get_dev_fd(tb->bed, node);
    if (fd < 0) return -1;
    struct input_event event;
    memset(&event, 0, sizeof event);
    event.type = type;
    event.code = code;
    event.value = value;
    return write(fd, &event, sizeof event) == (ssize_t)sizeof event ? 0 : -1;
}

int oss_testbed_evdev_grabbed(oss_testbed *tb, unsigned number) {
    pthread_mutex_lock(&tb->lock);
    int grabbed = number < MAX_EVDEV && tb->evdev[number].grabbed;
    pthread_mutex_unlock(&tb->lock);
    return grabbed;
}

void oss_testbed_remove_evdev(oss_testbed *tb, unsigned number) {
    if (number >= MAX_EVDEV || !tb->evdev[number].used) return;
    struct evdev_state *dev = &tb->evdev[number];
    char node[64];
    snprintf(node, sizeof node, "/dev/input/event%u", number);
    umockdev_testbed_detach_ioctl(tb->bed, node, NULL);
    umockdev_testbed_remove_device(tb->bed, dev->syspath);
    g_object_unref(dev->handler);
    dev->used = 0;
}

/* ---- The station board ---- */

static const char *BOARD_SYSPATH = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2";
static const char *BOARD_NODE = "/dev/bus/usb/001/002";

/* Queues one transfer from the board (caller holds the lock). */
static void board_queue(struct board_state *b, const uint8_t *bytes, size_t length) {
    if (b->queue_count == QUEUE || length > sizeof b->queue[0]) return;
    int slot = (b->queue_head + b->queue_count) % QUEUE;
    memcpy(b->queue[slot], bytes, length);
    b->queue_length[slot] = length;
    b->queue_count++;
}

static void board_send(struct board_state *b, struct oss_message *m) {
    uint8_t frame[OSS_MAX_FRAME];
    m->seq = b->seq++;
    size_t length = oss_encode_message(m, frame);
    board_queue(b, frame, length);
}

static void board_snapshot(struct board_state *b) {
    struct oss_message m;
    memset(&m, 0, sizeof m);
    m.type = OSS_SENSOR_SNAPSHOT;
    m.count = b->sensors;
    board_send(b, &m);
}

/* A frame from the host, decoded by the reference codec. */
static void board_on_frame(const struct oss_event *event, void *context) {
    struct board_state *b = context;
    if (event->error) return;
    const struct oss_message *in = &event->message;
    struct oss_message m;
    memset(&m, 0, sizeof m);
    switch (in->type) {
    case OSS_HELLO:
        b->hellos++;
        m.type = OSS_IDENTIFY;
        m.protocol = OSS_PROTOCOL_VERSION;
        m.fw_major = 1;
        m.sensors = b->sensors;
        m.lights = b->lights;
        m.tools = b->tools;
        snprintf(m.serial, sizeof m.serial, "%s", b->serial);
        board_send(b, &m);
        board_snapshot(b);
        break;
    case OSS_SNAPSHOT_REQUEST:
        b->snapshot_requests++;
        board_snapshot(b);
        break;
    case OSS_SET_LIGHTS:
        b->light_updates++;
        b->light_bits = 0;
        for (int i = 0; i < in->count && i < 32; i++)
            if (in->bits[i / 8] >> (i % 8) & 1) b->light_bits |= 1u << i;
        break;
    case OSS_PING:
        m.type = OSS_PONG;
        m.token = in->token;
        board_send(b, &m);
        break;
    }
}

/* Completes parked IN urbs with queued transfers (caller holds the lock). */
static void board_deliver(struct board_state *b) {
    while (b->pending_count > 0 && b->queue_count > 0) {
        UMockdevIoctlData *urb_data = b->pending_in[0], *buffer = b->pending_buffer[0];
        memmove(b->pending_in, b->pending_in + 1, --b->pending_count * sizeof b->pending_in[0]);
        memmove(b->pending_buffer, b->pending_buffer + 1, b->pending_count * sizeof b->pending_buffer[0]);
        struct usbdevfs_urb urb;
        memcpy(&urb, urb_data->data, sizeof urb);
        size_t length = b->queue_length[b->queue_head];
        if (length > (size_t)urb.buffer_length) length = (size_t)urb.buffer_length;
        umockdev_ioctl_data_update(buffer, 0, b->queue[b->queue_head], (gint)length);
        b->queue_head = (b->queue_head + 1) % QUEUE;
        b->queue_count--;
        urb.actual_length = (int)length;
        urb.status = 0;
        umockdev_ioctl_data_update(urb_data, 0, (guint8 *)&urb, sizeof urb);
        umockdev_ioctl_data_unref(buffer);
        b->done[b->done_count++] = urb_data;
    }
}

/* A control transfer on endpoint 0: the string descriptors a host reads
 * (0: the language list, 3: the serial number, as iSerialNumber says); any
 * other request stalls, as an unknown one does on a device. */
static void board_control(struct board_state *b, struct usbdevfs_urb *urb, UMockdevIoctlData *buffer) {
    const uint8_t *setup = buffer->data;
    uint16_t value = (uint16_t)(setup[2] | setup[3] << 8), wanted = (uint16_t)(setup[6] | setup[7] << 8);
    uint8_t reply[2 + 2 * 32];
    size_t length = 0;
    if (setup[0] == 0x80 && setup[1] == 6 && value == 0x0300) {
        const uint8_t languages[] = {4, 3, 0x09, 0x04}; /* en-US */
        memcpy(reply, languages, sizeof languages);
        length = sizeof languages;
    } else if (setup[0] == 0x80 && setup[1] == 6 && value == 0x0303) {
        size_t characters = strlen(b->serial);
        length = 2 + 2 * characters;
        reply[0] = (uint8_t)length;
        reply[1] = 3;
        for (size_t i = 0; i < characters; i++) {
            reply[2 + 2 * i] = (uint8_t)b->serial[i];
            reply[3 + 2 * i] = 0;
        }
    } else {
        urb->status = -EPIPE;
        urb->actual_length = 0;
        return;
    }
    if (length > wanted) length = wanted;
    if (length > (size_t)urb->buffer_length - 8) length = (size_t)urb->buffer_length - 8;
    umockdev_ioctl_data_update(buffer, 8, reply, (gint)length);
    urb->status = 0;
    urb->actual_length = (int)length;
}

static gboolean on_usb_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer data) {
    (void)handler;
    struct oss_testbed *tb = data;
    struct board_state *b = &tb->board;
    unsigned long request = umockdev_ioctl_client_get_request(client);
    size_t size = _IOC_SIZE(request);
    GError *error = NULL;
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    if (getenv("OSS_UMOCKDEV_DEBUG")) fprintf(stderr, "board ioctl 0x%lx (nr %lu)\n", request, (unsigned long)_IOC_NR(request));
    pthread_mutex_lock(&tb->lock);
    int result = 0, err = 0;
    if (b->unplugged) {
        /* As the kernel after a disconnect: every request fails with ENODEV,
         * and URBs still queued are reaped with -ESHUTDOWN first. */
        UMockdevIoctlData *target = NULL;
        if ((request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) && b->done_count > 0 &&
            (target = umockdev_ioctl_data_resolve(arg, 0, size, &error)) != NULL) {
            UMockdevIoctlData *urb_data = b->done[0];
            memmove(b->done, b->done + 1, --b->done_count * sizeof b->done[0]);
            umockdev_ioctl_data_set_ptr(target, 0, urb_data);
            umockdev_ioctl_data_unref(urb_data);
        } else {
            result = -1;
            err = ENODEV;
        }
        pthread_mutex_unlock(&tb->lock);
        g_clear_error(&error);
        umockdev_ioctl_client_complete(client, result, err);
        return TRUE;
    }
    if (request == USBDEVFS_GET_CAPABILITIES) {
        UMockdevIoctlData *caps = umockdev_ioctl_data_resolve(arg, 0, size, &error);
        uint32_t value = USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
        if (caps) umockdev_ioctl_data_update(caps, 0, (guint8 *)&value, sizeof value);
    } else if (request == USBDEVFS_CLAIMINTERFACE || request == USBDEVFS_DISCONNECT_CLAIM) {
        b->claimed = 1; /* no kernel driver to disconnect on a vendor-specific interface */
    } else if (request == USBDEVFS_RELEASEINTERFACE) {
        b->claimed = 0;
    } else if (request == USBDEVFS_GETDRIVER) {
        result = -1; /* no kernel driver on a vendor-specific interface */
        err = ENODATA;
    } else if (request == USBDEVFS_CLEAR_HALT || request == USBDEVFS_RESET || request == USBDEVFS_RESETEP ||
               request == USBDEVFS_SETINTERFACE || request == USBDEVFS_SETCONFIGURATION) {
        /* accepted */
    } else if (request == USBDEVFS_SUBMITURB) {
        UMockdevIoctlData *urb_data = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), &error);
        struct usbdevfs_urb urb;
        memcpy(&urb, urb_data->data, sizeof urb);
        UMockdevIoctlData *buffer = umockdev_ioctl_data_resolve(urb_data, offsetof(struct usbdevfs_urb, buffer),
                                                                (gsize)urb.buffer_length, &error);
        umockdev_ioctl_data_ref(urb_data);
        if (urb.type == USBDEVFS_URB_TYPE_CONTROL && urb.endpoint == 0x00 && buffer && urb.buffer_length >= 8) {
            board_control(b, &urb, buffer);
            umockdev_ioctl_data_update(urb_data, 0, (guint8 *)&urb, sizeof urb);
            b->done[b->done_count++] = urb_data;
        } else if (urb.endpoint == 0x01 && buffer) {
            oss_decoder_feed(&b->decoder, buffer->data, (size_t)urb.buffer_length);
            oss_decoder_end_transfer(&b->decoder);
            urb.actual_length = urb.buffer_length;
            urb.status = 0;
            umockdev_ioctl_data_update(urb_data, 0, (guint8 *)&urb, sizeof urb);
            b->done[b->done_count++] = urb_data;
        } else if (urb.endpoint == 0x81 && buffer && b->pending_count < MAX_URBS) {
            umockdev_ioctl_data_ref(buffer);
            b->pending_in[b->pending_count] = urb_data;
            b->pending_buffer[b->pending_count++] = buffer;
        } else {
            umockdev_ioctl_data_unref(urb_data);
            result = -1;
            err = EINVAL;
        }
        board_deliver(b);
    } else if (request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) {
        board_deliver(b);
        if (b->done_count == 0) {
            result = -1;
            err = EAGAIN;
        } else {
            UMockdevIoctlData *target = umockdev_ioctl_data_resolve(arg, 0, size, &error);
            UMockdevIoctlData *urb_data = b->done[0];
            memmove(b->done, b->done + 1, --b->done_count * sizeof b->done[0]);
            if (target) umockdev_ioctl_data_set_ptr(target, 0, urb_data);
            umockdev_ioctl_data_unref(urb_data);
        }
    } else if (request == USBDEVFS_DISCARDURB) {
        gulong address = 0;
        memcpy(&address, arg->data, sizeof address);
        result = -1;
        err = EINVAL;
        for (int i = 0; i < b->pending_count; i++) {
            if (b->pending_in[i]->client_addr != address) continue;
            UMockdevIoctlData *urb_data = b->pending_in[i];
            umockdev_ioctl_data_unref(b->pending_buffer[i]);
            memmove(b->pending_in + i, b->pending_in + i + 1, (b->pending_count - i - 1) * sizeof b->pending_in[0]);
            memmove(b->pending_buffer + i, b->pending_buffer + i + 1, (b->pending_count - i - 1) * sizeof b->pending_buffer[0]);
            b->pending_count--;
            struct usbdevfs_urb urb;
            memcpy(&urb, urb_data->data, sizeof urb);
            urb.status = -ENOENT;
            urb.actual_length = 0;
            umockdev_ioctl_data_update(urb_data, 0, (guint8 *)&urb, sizeof urb);
            b->done[b->done_count++] = urb_data;
            result = 0;
            err = 0;
            break;
        }
    } else {
        pthread_mutex_unlock(&tb->lock);
        return FALSE; /* umockdev's default */
    }
    pthread_mutex_unlock(&tb->lock);
    g_clear_error(&error);
    umockdev_ioctl_client_complete(client, result, err);
    return TRUE;
}

int oss_testbed_add_board(oss_testbed *tb, uint16_t vendor, uint16_t product, const char *serial, uint8_t sensors,
                          uint8_t lights, uint8_t tools) {
    struct board_state *b = &tb->board;
    if (b->used) return -1;
    board_release(tb); /* the handler of an unplugged board */
    pthread_mutex_lock(&tb->lock);
    memset(b, 0, sizeof *b);
    snprintf(b->serial, sizeof b->serial, "%s", serial);
    b->sensors = sensors;
    b->lights = lights;
    b->tools = tools;
    oss_decoder_init(&b->decoder, board_on_frame, b);
    pthread_mutex_unlock(&tb->lock);
    /* Device (18 bytes), configuration (9), interface 0 of class 0xFF with
     * 2 endpoints (9), bulk OUT 0x01 and bulk IN 0x81 of 64 bytes (7 + 7). */
    char descriptors[256];
    snprintf(descriptors, sizeof descriptors,
             "120100020000004" "0%02X%02X%02X%02X" "0001010203" "01"
             "090220000101008032"
             "090400000002FF0000"
             "07050102400000"
             "07058102400000",
             vendor & 0xFF, vendor >> 8, product & 0xFF, product >> 8);
    char description[2048];
    snprintf(description, sizeof description,
             "P: /devices/pci0000:00/0000:00:14.0/usb1/1-2\n"
             "N: bus/usb/001/002=%s\n"
             "E: DEVNAME=/dev/bus/usb/001/002\n"
             "E: DEVTYPE=usb_device\n"
             "E: SUBSYSTEM=usb\n"
             "E: BUSNUM=001\n"
             "E: DEVNUM=002\n"
             "E: PRODUCT=%x/%x/100\n"  /* as the kernel's uevent has it: vendor/product/bcdDevice in hex */
             "A: busnum=1\n"
             "A: devnum=2\n"
             "A: speed=12\n"
             "A: bConfigurationValue=1\n"
             "A: bNumConfigurations=1\n"
             "A: idVendor=%04x\n"
             "A: idProduct=%04x\n"
             "A: serial=%s\n"
             "H: descriptors=%s\n"
             "A: dev=189:1\n",
             descriptors, vendor, product, vendor, product, serial, descriptors);
    GError *error = NULL;
    if (!umockdev_testbed_add_from_string(tb->bed, description, &error)) {
        fprintf(stderr, "umockdev: %s\n", error->message);
        g_clear_error(&error);
        return -1;
    }
    b->handler = umockdev_ioctl_base_new();
    g_signal_connect(b->handler, "handle-ioctl", G_CALLBACK(on_usb_ioctl), tb);
    if (!umockdev_testbed_attach_ioctl(tb->bed, BOARD_NODE, b->handler, &error)) {
        fprintf(stderr, "umockdev: %s\n", error->message);
        g_clear_error(&error);
        return -1;
    }
    b->used = 1;
    /* As the kernel does: hotplug listeners (libusb's device list) learn of it. */
    umockdev_testbed_uevent(tb->bed, BOARD_SYSPATH, "add");
    return 0;
}

/* Forgets the emulation's URBs and handler (caller does not hold the lock). */
static void board_release(oss_testbed *tb) {
    struct board_state *b = &tb->board;
    if (!b->handler) return;
    umockdev_testbed_detach_ioctl(tb->bed, BOARD_NODE, NULL);
    pthread_mutex_lock(&tb->lock);
    for (int i = 0; i < b->pending_count; i++) {
        umockdev_ioctl_data_unref(b->pending_in[i]);
        umockdev_ioctl_data_unref(b->pending_buffer[i]);
    }
    for (int i = 0; i < b->done_count; i++) umockdev_ioctl_data_unref(b->done[i]);
    b->pending_count = b->done_count = 0;
    pthread_mutex_unlock(&tb->lock);
    g_object_unref(b->handler);
    b->handler = NULL;
}

void oss_testbed_remove_board(oss_testbed *tb) {
    struct board_state *b = &tb->board;
    if (!b->used) {
        board_release(tb);
        return;
    }
    pthread_mutex_lock(&tb->lock);
    b->unplugged = 1;
    b->claimed = 0;
    for (int i = 0; i < b->pending_count; i++) {
        struct usbdevfs_urb urb;
        memcpy(&urb, b->pending_in[i]->data, sizeof urb);
        urb.status = -ESHUTDOWN;
        urb.actual_length = 0;
        umockdev_ioctl_data_update(b->pending_in[i], 0, (guint8 *)&urb, sizeof urb);
        umockdev_ioctl_data_unref(b->pending_buffer[i]);
        b->done[b->done_count++] = b->pending_in[i];
    }
    b->pending_count = 0;
    b->used = 0;
    pthread_mutex_unlock(&tb->lock);
    umockdev_testbed_uevent(tb->bed, BOARD_SYSPATH, "remove");
    umockdev_testbed_remove_device(tb->bed, BOARD_SYSPATH);
}

int oss_testbed_board_sensor(oss_testbed *tb, uint8_t channel, uint8_t state) {
    struct oss_message m;
    memset(&m, 0, sizeof m);
    m.type = OSS_SENSOR_CHANGE;
    m.channel = channel;
    m.state = state;
    pthread_mutex_lock(&tb->lock);
    board_send(&tb->board, &m);
    pthread_mutex_unlock(&tb->lock);
    return 0;
}

int oss_testbed_board_tool(oss_testbed *tb, uint8_t tool, int ok) {
    struct oss_message m;
    memset(&m, 0, sizeof m);
    m.type = OSS_TOOL_RESULT;
    m.channel = tool;
    m.ok = ok ? 1 : 0;
    m.torque_mNm = ok ? 1200 : 300;
    pthread_mutex_lock(&tb->lock);
    board_send(&tb->board, &m);
    pthread_mutex_unlock(&tb->lock);
    return 0;
}

int oss_testbed_board_raw(oss_testbed *tb, const uint8_t *bytes, size_t length) {
    pthread_mutex_lock(&tb->lock);
    board_queue(&tb->board, bytes, length);
    pthread_mutex_unlock(&tb->lock);
    return 0;
}

void oss_testbed_board_skip(oss_testbed *tb, uint8_t count) {
    pthread_mutex_lock(&tb->lock);
    tb->board.seq += count;
    pthread_mutex_unlock(&tb->lock);
}

#define BOARD_GETTER(name, field) \
    int oss_testbed_board_##name(oss_testbed *tb) { \
        pthread_mutex_lock(&tb->lock); \
        int value = tb->board.field; \
        pthread_mutex_unlock(&tb->lock); \
        return value; \
    }
BOARD_GETTER(hellos, hellos)
BOARD_GETTER(snapshot_requests, snapshot_requests)
BOARD_GETTER(light_updates, light_updates)
BOARD_GETTER(open, claimed)

uint32_t oss_testbed_board_lights(oss_testbed *tb) {
    pthread_mutex_lock(&tb->lock);
    uint32_t bits = tb->board.light_bits;
    pthread_mutex_unlock(&tb->lock);
    return bits;
}

const char *oss_testbed_root(oss_testbed *tb) {
    if (!tb->root) tb->root = umockdev_testbed_get_root_dir(tb->bed);
    return tb->root;
}
