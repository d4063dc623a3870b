/* uinput_device: a station input device made with uinput, typing what it is told.
 *   uinput_device NAME VENDOR PRODUCT
 * Prints "ready node=/dev/input/eventN" once the device exists, then reads one command a
 * line from standard input and answers each with one line ("ok events=N" or "error ..."):
 *   type TEXT PACE_US      types TEXT then Enter like a US-layout keyboard-wedge reader
 *                          (left shift around capitals), PACE_US after each report
 *   burst TEXT COUNT       types TEXT+Enter COUNT times with no pause (overflows readers)
 *   taps CODE COUNT PACE_US  press and release key CODE COUNT times
 *   press CODE | release CODE
 *   destroy                unplugs the device (UI_DEV_DESTROY) and exits
 * The keyboard table here is the rig's own, not the project's, so a wrong table in oss
 * shows up as a wrong text. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/uinput.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int fd;
static long sent;

static void emit(int type, int code, int value) {
  struct input_event ev;
  memset(&ev, 0, sizeof ev);
  ev.type = type; ev.code = code; ev.value = value;
  if (write(fd, &ev, sizeof ev) != sizeof ev) { perror("uinput write"); exit(1); }
  sent++;
}
static void key(int code, int value, int pace) {
  emit(EV_MSC, MSC_SCAN, code);
  emit(EV_KEY, code, value);
  emit(EV_SYN, SYN_REPORT, 0);
  if (pace) usleep(pace);
}

/* US layout: the key and whether shift is needed; -1 if not typeable. */
static int keycode(char c, int *shift) {
  static const char *row1 = "qwertyuiop", *row2 = "asdfghjkl", *row3 = "zxcvbnm";
  static const int base1 = KEY_Q, base2 = KEY_A, base3 = KEY_Z;
  *shift = 0;
  if (isupper((unsigned char)c)) { *shift = 1; c = (char)tolower((unsigned char)c); }
  const char *p;
  if ((p = strchr(row1, c)) && c) return base1 + (int)(p - row1);
  if ((p = strchr(row2, c)) && c) return base2 + (int)(p - row2);
  if ((p = strchr(row3, c)) && c) return base3 + (int)(p - row3);
  if (c >= '1' && c <= '9') return KEY_1 + (c - '1');
  if (c == '0') return KEY_0;
  if (c == '-') return KEY_MINUS;
  return -1;
}

static int type_text(const char *text, int pace) {
  for (const char *c = text; *c; c++) {
    int shift, code = keycode(*c, &shift);
    if (code < 0) return -1;
    if (shift) key(KEY_LEFTSHIFT, 1, pace);
    key(code, 1, pace);
    key(code, 0, pace);
    if (shift) key(KEY_LEFTSHIFT, 0, pace);
  }
  key(KEY_ENTER, 1, pace);
  key(KEY_ENTER, 0, pace);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: uinput_device NAME VENDOR PRODUCT\n"); return 2; }
  setvbuf(stdout, NULL, _IOLBF, 0);
  fd = open("/dev/uinput", O_WRONLY | O_NONBLOCK);
  if (fd < 0) { printf("error open /dev/uinput: %s\n", strerror(errno)); return 1; }
  ioctl(fd, UI_SET_EVBIT, EV_KEY);
  ioctl(fd, UI_SET_EVBIT, EV_MSC);
  ioctl(fd, UI_SET_MSCBIT, MSC_SCAN);
  for (int k = KEY_ESC; k <= KEY_KPDOT; k++) ioctl(fd, UI_SET_KEYBIT, k);
  for (int k = BTN_0; k <= BTN_9; k++) ioctl(fd, UI_SET_KEYBIT, k);
  struct uinput_setup setup;
  memset(&setup, 0, sizeof setup);
  setup.id.bustype = BUS_USB;
  setup.id.vendor = (unsigned short)strtol(argv[2], NULL, 0);
  setup.id.product = (unsigned short)strtol(argv[3], NULL, 0);
  snprintf(setup.name, UINPUT_MAX_NAME_SIZE, "%s", argv[1]);
  if (ioctl(fd, UI_DEV_SETUP, &setup) || ioctl(fd, UI_DEV_CREATE)) { printf("error create: %s\n", strerror(errno)); return 1; }
  char sysname[64], dir[128], node[300] = "";
  if (ioctl(fd, UI_GET_SYSNAME(sizeof sysname), sysname) < 0) { printf("error sysname: %s\n", strerror(errno)); return 1; }
  snprintf(dir, sizeof dir, "/sys/devices/virtual/input/%s", sysname);
  for (int tries = 0; tries < 500 && !node[0]; tries++) {
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
      if (!strncmp(e->d_name, "event", 5)) {
        snprintf(node, sizeof node, "/dev/input/%s", e->d_name);
        if (access(node, R_OK)) node[0] = 0;
      }
    if (d) closedir(d);
    if (!node[0]) usleep(10000);
  }
  if (!node[0]) { printf("error no event node under %s\n", dir); return 1; }
  printf("ready node=%s\n", node);
  char line[512];
  while (fgets(line, sizeof line, stdin)) {
    char text[256]; int a, b;
    sent = 0;
    if (sscanf(line, "type %255s %d", text, &a) == 2) {
      if (type_text(text, a)) { printf("error cannot type %s\n", text); continue; }
    } else if (sscanf(line, "burst %255s %d", text, &a) == 2) {
      for (int i = 0; i < a; i++) if (type_text(text, 0)) { printf("error cannot type %s\n", text); break; }
    } else if (sscanf(line, "taps %d %d %d", &a, &b, &(int){0}) >= 2) {
      int pace = 0; sscanf(line, "taps %*d %*d %d", &pace);
      for (int i = 0; i < b; i++) { key(a, 1, pace); key(a, 0, pace); }
    } else if (sscanf(line, "press %d", &a) == 1) {
      key(a, 1, 0);
    } else if (sscanf(line, "release %d", &a) == 1) {
      key(a, 0, 0);
    } else if (!strncmp(line, "destroy", 7)) {
      ioctl(fd, UI_DEV_DESTROY);
      printf("ok destroyed\n");
      return 0;
    } else { printf("error unknown command %s", line); continue; }
    printf("ok events=%ld\n", sent);
  }
  ioctl(fd, UI_DEV_DESTROY);
  return 0;
}
