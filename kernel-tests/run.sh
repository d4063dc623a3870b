#!/usr/bin/env bash
# make test-kernel: the device tests on a real Linux kernel. Builds oss-kernel-tests
# (kernel-tests/swift) and the rig's C helpers (kernel-tests/c), then boots one QEMU VM per
# device kind (run-in-vm.sh) and counts the PASS/FAIL lines the guest prints. A VM that
# gives no verdict, or a tool that is missing, counts as a failure: nothing is skipped.
# Ends with exactly one line "kernel tests: N passed, M failed"; exits 1 if M > 0.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SWIFT=${SWIFT:-swift}
CC=${CC:-cc}
STAGE=$ROOT/.build-kernel/stage
LOGS=$ROOT/.build-kernel/logs
passed=0; failed=0
verdict() { echo "kernel tests: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }
rig_error() { echo "FAIL $1" ; failed=$((failed + 1)); }

build() {
  for tool in qemu-system-x86_64 depmod modprobe cpio gzip ldd python3 "$CC" "$SWIFT"; do
    command -v "$tool" >/dev/null || { echo "kernel-tests: $tool is missing; run scripts/install-kernel-deps.sh" >&2; return 1; }
  done
  "$SWIFT" build --product oss-kernel-tests >&2 || return 1
  local bin; bin=$("$SWIFT" build --show-bin-path) || return 1
  rm -rf "$STAGE" && mkdir -p "$STAGE/stations" "$STAGE/fonts" "$LOGS" || return 1
  cp "$bin/oss-kernel-tests" "$STAGE/" || return 1
  cp -r stations/fietslamp-1 "$STAGE/stations/" || return 1
  local fonts=/usr/share/fonts/truetype/dejavu
  cp "$fonts/DejaVuSans.ttf" "$fonts/DejaVuSans-Bold.ttf" "$STAGE/fonts/" || return 1
  local flags=(-std=c99 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror)
  "$CC" "${flags[@]}" -o "$STAGE/fbmode" kernel-tests/c/fbmode.c || return 1
  cp kernel-tests/guest/*.sh "$STAGE/" 2>/dev/null
  for source in kernel-tests/c/uinput_device.c kernel-tests/c/vtmode.c; do
    [ -e "$source" ] || continue
    "$CC" "${flags[@]}" -o "$STAGE/$(basename "$source" .c)" "$source" || return 1
  done
  if [ -e kernel-tests/c/board_gadget.c ]; then
    "$CC" "${flags[@]}" -Ifirmware-protocol/c/include -o "$STAGE/board_gadget" kernel-tests/c/board_gadget.c \
      firmware-protocol/c/oss_board_proto.c -lpthread || return 1
  fi
}

# run_kind NAME MODULES QEMU-ARGS [screendump]
# With "screendump" the VM gets a QEMU monitor and a second serial port (the guest's
# /dev/ttyS1) on unix sockets, and kernel-tests/screendump.py answers the guest's requests
# for screendumps of the VGA's video memory (docs/kernel-tests.md).
run_kind() {
  local kind=$1 modules=$2 qemu=$3 log=$LOGS/$1.log rc helper=""
  echo "--- $kind" >&2
  if [ "${4:-}" = screendump ]; then
    local sockets; sockets=$(mktemp -d "$ROOT/.build-kernel/sockets.XXXXXX")
    rm -rf "$LOGS/screendumps"
    qemu="$qemu -monitor unix:$sockets/monitor,server=on,wait=off -serial unix:$sockets/shots,server=on,wait=off"
    python3 "$ROOT/kernel-tests/screendump.py" "$sockets/monitor" "$sockets/shots" "$LOGS/screendumps" \
      2> "$LOGS/$kind.screendump" &
    helper=$!
  fi
  "$ROOT/kernel-tests/run-in-vm.sh" -t 600 -M 1024 -m "$modules" ${qemu:+-q "$qemu"} "$STAGE" \
    "OSS_FONT_DIR=/rig/fonts ./oss-kernel-tests $kind" > "$log" 2> "$LOGS/$kind.rig"
  rc=$?
  if [ -n "$helper" ]; then
    # QEMU has ended, so the helper's sockets are closed and it ends too.
    wait "$helper" || echo "rig: the screendump helper failed, see $LOGS/$kind.screendump" >> "$LOGS/$kind.rig"
    rm -rf "$sockets"
  fi
  grep -E '^(PASS|FAIL) ' "$log"
  local p f
  p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log")
  passed=$((passed + p)); failed=$((failed + f))
  grep -E '^rig: ' "$LOGS/$kind.rig" >&2
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    rig_error "$kind-rig: the VM gave no verdict (exit $rc); see $log and $LOGS/$kind.rig"
    tail -n 20 "$log" "$LOGS/$kind.rig" >&2
  elif [ "$p" = 0 ] && [ "$f" = 0 ]; then
    rig_error "$kind-rig: no test ran; see $log"
  fi
}

if ! scripts/install-kernel-deps.sh >&2 || ! build; then
  rig_error "build: the rig or the test programs could not be built (see above)"
  verdict
fi
kinds=${KERNEL_TESTS:-framebuffer input board}
for kind in $kinds; do
  case $kind in
    framebuffer) run_kind framebuffer "bochs vfb:vfb_enable=1,videomemorysize=8388608" "-vga std" screendump;;
    input) run_kind input "evdev uinput" "";;
    board) run_kind board "dummy_hcd usb_f_fs" "";;
    *) rig_error "unknown kind $kind";;
  esac
done
verdict
