#!/bin/bash
# run-in-vm.sh — run a command inside a throw-away QEMU VM that boots a REAL Debian kernel
# from a tiny busybox initramfs.  The files in DIR are copied to /rig in the guest together
# with every shared library they need (found with ldd on the host), the requested kernel
# modules are insmod'ed (dependencies resolved on the host), COMMAND is run with `sh -c`
# in /rig, its output is echoed and its exit status becomes this script's exit status.
#
# Usage: run-in-vm.sh [options] DIR COMMAND...
#   -m "MODS"   kernel modules to load, in order, dependencies added automatically.
#               Module parameters: name:param=val,param2=val   (e.g. vfb:vfb_enable=1)
#               default: "evdev uinput"
#   -L PATH     extra file (e.g. a dlopen()ed library) to copy into the guest at the same
#               path; repeatable. Its own ldd dependencies are added too.
#   -q "ARGS"   extra qemu arguments (e.g. "-vga std" or "-device qemu-xhci -device usb-kbd")
#   -t SECS     timeout for the whole VM run (default 300)
#   -M MiB      guest memory (default 1024)
#   -c N        guest CPUs (default 1)
#   -k          keep the work dir (initramfs, serial log) and print its path
#   -v          show kernel messages (no 'quiet') and the whole serial log
# Environment: OSS_RIG_HOME (default .build-kernel/rig, prepared by scripts/install-kernel-deps.sh),
#              RIG_ACCEL=kvm|tcg (default: kvm if /dev/kvm is usable AND cpu has vmx/svm, else tcg)
#              RIG_CPU (qemu -cpu model), RIG_NICE (default 10), RIG_SERIAL_LOG (serial log path)
# Exit status: the command's exit status; 125 = rig failure (no result), 124 = timeout.
set -uo pipefail

RIG_HOME=${OSS_RIG_HOME:-$(cd "$(dirname "$0")/.." && pwd)/.build-kernel/rig}
MODS="evdev uinput"; EXTRA=(); QARGS=""; TMO=300; MEM=1024; CPUS=1; KEEP=0; VERBOSE=0
while getopts "m:L:q:t:M:c:kv" o; do
  case $o in
    m) MODS=$OPTARG;; L) EXTRA+=("$OPTARG");; q) QARGS=$OPTARG;; t) TMO=$OPTARG;;
    M) MEM=$OPTARG;; c) CPUS=$OPTARG;; k) KEEP=1;; v) VERBOSE=1;;
    *) sed -n '2,25p' "$0"; exit 125;;
  esac
done
shift $((OPTIND-1))
[ $# -ge 2 ] || { sed -n '2,25p' "$0"; exit 125; }
SRC=$(realpath "$1"); shift
CMD="$*"

KROOT=$RIG_HOME/kroot
KVER=$(ls "$KROOT/lib/modules" 2>/dev/null | head -1)
VMLINUZ=$KROOT/boot/vmlinuz-$KVER
BUSYBOX=$RIG_HOME/bb/bin/busybox
[ -n "$KVER" ] && [ -e "$VMLINUZ" ] && [ -x "$BUSYBOX" ] || {
  echo "rig: kernel/busybox missing under $RIG_HOME — run scripts/install-kernel-deps.sh first" >&2; exit 125; }

WORK=$(mktemp -d "$RIG_HOME/run.XXXXXX")
cleanup() { [ $KEEP = 1 ] && echo "rig: work dir kept: $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT
R=$WORK/root
mkdir -p "$R"/{bin,sbin,dev,proc,sys,tmp,run,etc,mods,rig,usr/bin,usr/sbin}

# --- busybox ---------------------------------------------------------------
cp "$BUSYBOX" "$R/bin/busybox"
for a in $("$BUSYBOX" --list); do [ "$a" = busybox ] || ln -sf busybox "$R/bin/$a"; done

# --- payload + shared libraries (ldd) -----------------------------------------
cp -a "$SRC/." "$R/rig/"
declare -A SEEN
add_file() {  # copy host file $1 to the same path inside the guest (follow symlinks)
  local f=$1
  [ -n "${SEEN[$f]:-}" ] && return; SEEN[$f]=1
  mkdir -p "$R$(dirname "$f")"
  cp -L "$f" "$R$f"
}
add_deps() {  # add ldd dependencies of ELF file $1
  local f=$1 line lib
  head -c4 "$f" 2>/dev/null | grep -q $'^\x7fELF' || return 0
  while read -r line; do
    lib=""
    case $line in
      *"=> not found"*) echo "rig: WARNING: $f: $line" >&2;;
      *"=> /"*) lib=${line#*=> }; lib=${lib%% (*};;
      /*) lib=${line%% (*};;
    esac
    [ -n "$lib" ] && [ -e "$lib" ] && add_file "$lib"
  done < <(ldd "$f" 2>/dev/null)
}
while IFS= read -r -d '' f; do add_deps "$f"; done < <(find "$R/rig" -type f -print0)
for e in "${EXTRA[@]}"; do add_file "$(realpath -s "$e")"; add_deps "$e"; done
# make sure the x86-64 loader is reachable under its canonical name
[ -e "$R/lib64/ld-linux-x86-64.so.2" ] || { [ -e /lib64/ld-linux-x86-64.so.2 ] && add_file /lib64/ld-linux-x86-64.so.2; }

# --- kernel modules (dependency order resolved on the host) ---------------------
: > "$R/mods/load.list"
declare -A MSEEN
for spec in $MODS; do
  name=${spec%%:*}; params=""
  [ "$spec" != "$name" ] && params=$(echo "${spec#*:}" | tr ',' ' ')
  deps=$(modprobe -d "$KROOT" -S "$KVER" --show-depends "$name" 2>&1) || {
    echo "rig: module $name: $deps" >&2; exit 125; }
  while read -r kind path _; do
    [ "$kind" = insmod ] || continue            # 'builtin xyz' lines need nothing
    b=$(basename "$path")
    [ -n "${MSEEN[$b]:-}" ] && continue; MSEEN[$b]=1
    cp "$path" "$R/mods/$b"
    # parameters belong to the requested module only (the last line of its chain)
    if [ "${b%.ko}" = "$name" ] || [ "$(echo "${b%.ko}" | tr - _)" = "$(echo "$name" | tr - _)" ]; then
      echo "$b $params" >> "$R/mods/load.list"
    else
      echo "$b" >> "$R/mods/load.list"
    fi
  done <<< "$deps"
done

# --- /init ---------------------------------------------------------------------
printf '%s\n' "$CMD" > "$R/rig.cmd"
cat > "$R/init" <<'EOF'
#!/bin/sh
export PATH=/rig:/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /root; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp; mount -t tmpfs tmpfs /run
read up _ < /proc/uptime; echo "RIG: init started at uptime ${up}s"
ip link set lo up 2>/dev/null
while read -r m p; do
  [ -n "$m" ] || continue
  insmod /mods/$m $p || echo "RIG: insmod $m $p FAILED"
done < /mods/load.list
[ -d /sys/kernel/config ] && grep -q configfs /proc/filesystems && mount -t configfs none /sys/kernel/config 2>/dev/null
mdev -s 2>/dev/null   # devtmpfs already has the nodes; harmless
read up _ < /proc/uptime; echo "RIG: modules loaded at uptime ${up}s"
cd /rig
echo "=== RIG BEGIN ==="
sh -c "$(cat /rig.cmd)" < /dev/null 2>&1
rc=$?
echo "=== RIG END rc=$rc ==="
read up _ < /proc/uptime; echo "RIG: done at uptime ${up}s"
sync
poweroff -f
EOF
chmod +x "$R/init"

( cd "$R" && find . -print0 | cpio --null -o -H newc --quiet ) | gzip -1 > "$WORK/initrd.cpio.gz"

# --- boot ------------------------------------------------------------------------
ACCEL=${RIG_ACCEL:-}
if [ -z "$ACCEL" ]; then
  # /dev/kvm alone is not enough: on this (nested, Firecracker) host /dev/kvm exists but the CPU
  # has no vmx/svm flag and a KVM guest hangs right after "Probing EDD". Require the flag.
  if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then ACCEL=kvm; else ACCEL=tcg; fi
fi
# -cpu host alone aborts under nested KVM here ("failed to set MSR 0x10a" = IA32_ARCH_CAPABILITIES),
# so mask that feature. Override with RIG_CPU.
if [ "$ACCEL" = kvm ]; then AARGS="-accel kvm -cpu ${RIG_CPU:-host,-arch-capabilities}"
else AARGS="-accel tcg -cpu ${RIG_CPU:-max}"; fi
APPEND="console=ttyS0 panic=-1 rdinit=/init"
[ $VERBOSE = 1 ] || APPEND="$APPEND quiet loglevel=3"
LOG=${RIG_SERIAL_LOG:-$WORK/serial.log}   # RIG_SERIAL_LOG: watch the live serial log from outside
T0=$(date +%s.%N)
# shellcheck disable=SC2086
timeout "$TMO" nice -n "${RIG_NICE:-10}" qemu-system-x86_64 $AARGS -m "$MEM" -smp "$CPUS" -nodefaults -no-user-config \
  -display none -monitor none -serial "file:$LOG" -no-reboot \
  -kernel "$VMLINUZ" -initrd "$WORK/initrd.cpio.gz" -append "$APPEND" $QARGS < /dev/null
QRC=$?
if [ "$ACCEL" = kvm ] && [ -z "${RIG_ACCEL:-}" ] && ! grep -q '^RIG: init started' "$LOG" 2>/dev/null \
   && [ $QRC != 124 ] && [ $QRC != 0 ]; then
  echo "rig: KVM start failed (qemu rc $QRC), retrying with TCG software emulation" >&2
  ACCEL=tcg; AARGS="-accel tcg -cpu max"; T0=$(date +%s.%N)
  # shellcheck disable=SC2086
  timeout "$TMO" nice -n "${RIG_NICE:-10}" qemu-system-x86_64 $AARGS -m "$MEM" -smp "$CPUS" -nodefaults -no-user-config \
    -display none -monitor none -serial "file:$LOG" -no-reboot \
    -kernel "$VMLINUZ" -initrd "$WORK/initrd.cpio.gz" -append "$APPEND" $QARGS < /dev/null
  QRC=$?
fi
T1=$(date +%s.%N)
tr -d '\r' < "$LOG" > "$LOG.txt"
if [ $VERBOSE = 1 ]; then cat "$LOG.txt" >&2; else grep '^RIG:' "$LOG.txt" >&2; fi
echo "rig: accel=$ACCEL qemu_rc=$QRC initrd=$(du -h "$WORK/initrd.cpio.gz" | cut -f1) wall=$(awk "BEGIN{printf \"%.2f\", $T1-$T0}")s" >&2
if ! grep -q '^=== RIG END rc=' "$LOG.txt"; then
  echo "rig: no result from guest (qemu rc $QRC). serial log tail:" >&2
  tail -40 "$LOG.txt" >&2
  [ $QRC = 124 ] && exit 124
  exit 125
fi
sed -n '/^=== RIG BEGIN ===$/,/^=== RIG END rc=/p' "$LOG.txt" | sed '1d;$d'
RC=$(sed -n 's/^=== RIG END rc=\([0-9]*\) ===$/\1/p' "$LOG.txt" | tail -1)
exit "${RC:-125}"
