#ifndef OSS_FB_H
#define OSS_FB_H

#include <linux/fb.h>

/* The framebuffer ioctls, which Swift cannot call directly (ioctl is
 * variadic). Each returns ioctl's result: 0, or -1 with errno set. */
int oss_fb_get_vscreeninfo(int fd, struct fb_var_screeninfo *info);
int oss_fb_get_fscreeninfo(int fd, struct fb_fix_screeninfo *info);
int oss_fb_pan_display(int fd, struct fb_var_screeninfo *info);

#endif
