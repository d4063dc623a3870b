/* vtmode: puts the foreground virtual terminal into graphics or text mode (KDSETMODE), as a
 * display server does when it takes the screen. In text mode the kernel's framebuffer console
 * (fbcon) keeps drawing into /dev/fb0 — its blinking cursor repaints one 8x16 cell every
 * 200 ms — so anything else shown there is spoiled; in graphics mode fbcon leaves it alone.
 *   vtmode graphics|text    prints "ok mode=graphics|text" (read back with KDGETMODE)
 *   vtmode get              only reads the mode back (after oss's ConsoleGraphicsMode set it) */
#include <fcntl.h>
#include <linux/kd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2 || (strcmp(argv[1], "graphics") && strcmp(argv[1], "text") && strcmp(argv[1], "get"))) {
    fprintf(stderr, "usage: vtmode graphics|text|get\n");
    return 2;
  }
  int fd = open("/dev/tty0", O_RDWR | O_NOCTTY);
  if (fd < 0) { perror("/dev/tty0"); return 1; }
  if (strcmp(argv[1], "get") && ioctl(fd, KDSETMODE, strcmp(argv[1], "graphics") ? KD_TEXT : KD_GRAPHICS)) {
    perror("KDSETMODE");
    return 1;
  }
  int mode = -1;
  if (ioctl(fd, KDGETMODE, &mode)) { perror("KDGETMODE"); return 1; }
  printf("ok mode=%s\n", mode == KD_GRAPHICS ? "graphics" : mode == KD_TEXT ? "text" : "other");
  close(fd);
  return 0;
}
