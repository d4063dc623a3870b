#ifndef OSS_FB_H
#define OSS_FB_H

/* The framebuffer's structs and ioctl numbers for Swift. The ioctls
 * themselves go through LinuxSystem's FileDescriptor.control. */
#include <linux/fb.h>
#include <linux/kd.h>

#endif
