#include "oss_umockdev.h"

#include <errno.h>
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

struct oss_testbed {
    UMockdevTestbed *bed;
    pthread_mutex_t lock;
    struct evdev_state evdev[MAX_EVDEV];
};

int oss_umockdev_available(void) {
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "libumockdev-preload") != NULL;
}

oss_testbed *oss_testbed_new(void) {
    if (!oss_umockdev_available()) return NULL;
    oss_testbed *tb = calloc(1, sizeof *tb);
    tb->bed = umockdev_testbed_new();
    pthread_mutex_init(&tb->lock, NULL);
    return tb;
}

void oss_testbed_free(oss_testbed *tb) {
    if (!tb) return;
    for (unsigned i = 0; i < MAX_EVDEV; i++) oss_testbed_remove_evdev(tb, i);
    g_object_unref(tb->bed);
    pthread_mutex_destroy(&tb->lock);
    free(tb);
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
