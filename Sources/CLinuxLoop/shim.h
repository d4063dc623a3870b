/* The Linux event-loop interfaces that Glibc's Swift module leaves out. */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/mman.h>
#include <sched.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>

/* ioctl is variadic, which Swift cannot call: one pointer argument here. */
static inline int oss_ioctl_pointer(int fd, unsigned long request, void *argument) {
    return ioctl(fd, request, argument);
}
#include <sys/socket.h>
#include <linux/netlink.h>
