/* fbmode: the framebuffer mode set for the kernel tests (oss itself never sets a mode).
 *   fbmode DEV                         print the current mode
 *   fbmode DEV XRES YRES VYRES BPP     FBIOPUT_VSCREENINFO, then print the mode the driver chose
 * Output, one line: "mode xres=.. yres=.. xres_virtual=.. yres_virtual=.. yoffset=.. bpp=..
 *   line_length=.. smem_len=.. red=OFF/LEN green=OFF/LEN blue=OFF/LEN name=.." */
#include <fcntl.h>
#include <linux/fb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2 && argc != 6) { fprintf(stderr, "usage: fbmode DEV [XRES YRES VYRES BPP]\n"); return 2; }
  int fd = open(argv[1], O_RDWR);
  if (fd < 0) { perror(argv[1]); return 1; }
  struct fb_var_screeninfo v; struct fb_fix_screeninfo f;
  if (ioctl(fd, FBIOGET_VSCREENINFO, &v)) { perror("FBIOGET_VSCREENINFO"); return 1; }
  if (argc == 6) {
    v.xres = v.xres_virtual = (unsigned)atoi(argv[2]);
    v.yres = (unsigned)atoi(argv[3]);
    v.yres_virtual = (unsigned)atoi(argv[4]);
    v.bits_per_pixel = (unsigned)atoi(argv[5]);
    v.xoffset = v.yoffset = 0;
    memset(&v.red, 0, sizeof v.red); memset(&v.green, 0, sizeof v.green);
    memset(&v.blue, 0, sizeof v.blue); memset(&v.transp, 0, sizeof v.transp);
    v.activate = FB_ACTIVATE_NOW;
    if (ioctl(fd, FBIOPUT_VSCREENINFO, &v)) { perror("FBIOPUT_VSCREENINFO"); return 1; }
  }
  if (ioctl(fd, FBIOGET_VSCREENINFO, &v) || ioctl(fd, FBIOGET_FSCREENINFO, &f)) { perror("FBIOGET"); return 1; }
  printf("mode xres=%u yres=%u xres_virtual=%u yres_virtual=%u yoffset=%u bpp=%u line_length=%u smem_len=%u "
         "red=%u/%u green=%u/%u blue=%u/%u name=%.16s\n",
         v.xres, v.yres, v.xres_virtual, v.yres_virtual, v.yoffset, v.bits_per_pixel, f.line_length, f.smem_len,
         v.red.offset, v.red.length, v.green.offset, v.green.length, v.blue.offset, v.blue.length, f.id);
  close(fd);
  return 0;
}
