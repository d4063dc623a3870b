#!/usr/bin/env bash
# Prints every call that breaks the layering rules (issue 12) and fails when
# there is one:
#   - only Sources/LinuxSystem (and the C shim targets) call libc;
#   - libevdev only from Sources/Evdev, libusb only from Sources/BoardLink,
#     FreeType only from Sources/Typesetting, libpng only from Sources/PNGImage
#     (through CPNGCodec).
# Comments and string literals are not calls: lines are checked after
# stripping `//` comments and "..." strings (a rough but strict filter).
set -uo pipefail
cd "$(dirname "$0")/.."

libc='open|openat|close|read|write|pread|pwrite|lseek|stat|lstat|fstat|fstatat|mmap|munmap|ioctl|fcntl|dup|dup2|pipe|pipe2|poll|select|epoll_create1|epoll_ctl|epoll_wait|timerfd_create|timerfd_settime|timerfd_gettime|signalfd|eventfd|inotify_init1|inotify_add_watch|inotify_rm_watch|opendir|readdir|closedir|mkdir|rmdir|unlink|unlinkat|rename|renameat|fsync|fdatasync|ftruncate|chmod|fchmod|chown|lchown|umask|getpid|getuid|geteuid|getpwuid|getpwuid_r|kill|sigaction|sigprocmask|pthread_sigmask|sigemptyset|sigaddset|clock_gettime|nanosleep|usleep|sleep|mlockall|sched_setscheduler|sched_get_priority_max|setpriority|realpath|strerror|isatty|mkfifo|symlink|readlink|access|getenv|setenv|exit|_exit|abort|free|malloc|memcpy|memset|sysconf|getrusage|mkstemp|mkostemp|link|socket|connect|bind|sendto|recvfrom|setsockopt'
declare -A owner=([libevdev_]=Sources/Evdev [libusb_]=Sources/BoardLink [FT_]=Sources/Typesetting [png_]=Sources/PNGImage [oss_png_]=Sources/PNGImage)

violations=0
report() { echo "$1"; violations=$((violations + 1)); }

while IFS= read -r file; do
    case "$file" in
        Sources/LinuxSystem/*) continue ;;
    esac
    # Strip comments and string literals, keep line numbers.
    stripped=$(sed -E 's#//.*$##; s#"([^"\\]|\\.)*"#""#g' "$file")
    while IFS=: read -r line text; do
        report "$file:$line: libc call: $(echo "$text" | sed -E 's/^[[:space:]]+//')"
    done < <(echo "$stripped" | grep -nE "(^|[^A-Za-z0-9_.])($libc)\(" | grep -vE "func ($libc)\(|\.($libc)\(|case \.?($libc)\(|case [a-z]+\(.*($libc)\(" | grep -vP "(^|[^A-Za-z0-9_.])($libc)\((\)|[A-Za-z_]+:)")
    for prefix in "${!owner[@]}"; do
        home=${owner[$prefix]}
        [[ "$file" == "$home"/* ]] && continue
        while IFS=: read -r line text; do
            report "$file:$line: ${prefix%_} call outside $home: $(echo "$text" | sed -E 's/^[[:space:]]+//')"
        done < <(echo "$stripped" | grep -nE "(^|[^A-Za-z0-9_])${prefix}[A-Za-z0-9_]+\(")
    done
done < <(git ls-files 'Sources/*.swift' 'kernel-tests/swift/*.swift')

echo "layer check: $violations call(s) outside their module"
[ "$violations" -eq 0 ]
