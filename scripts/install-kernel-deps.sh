#!/usr/bin/env bash
# Installs what `make test-kernel` needs on top of scripts/install-deps.sh: QEMU, kmod
# (depmod/modprobe resolve module dependencies on the host), cpio (the initramfs) and a
# Debian guest kernel plus busybox-static, unpacked into $OSS_RIG_HOME. The host's /boot
# is never touched. Idempotent; the kernel download (~70 MB) happens once.
set -euo pipefail

OSS_RIG_HOME=${OSS_RIG_HOME:-$(cd "$(dirname "$0")/.." && pwd)/.build-kernel/rig}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

packages=(
  qemu-system-x86  # boots the guest kernel (TCG when KVM is not usable)
  kmod             # depmod/modprobe: module dependencies resolved on the host
  cpio             # packs the guest's initramfs
  gcc              # builds the C board program from firmware-protocol/c
  libc6-dev        # its headers (linux/usb/functionfs.h)
  python3          # kernel-tests/screendump.py: QEMU screendumps of the VGA's memory for the guest
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The guest kernel: whatever linux-image-amd64 depends on now (e.g. linux-image-6.1.0-56-amd64),
# and busybox-static for the guest's shell and tools; both unpacked, not installed.
if [ ! -e "$OSS_RIG_HOME/kroot/.done" ]; then
  mkdir -p "$OSS_RIG_HOME"
  cd "$OSS_RIG_HOME"
  resolve() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}'; }
  kernel=$(resolve)
  # A fresh machine may have no package lists yet.
  [ -n "$kernel" ] || { $sudo apt-get update -qq && kernel=$(resolve); }
  if [ -z "$kernel" ]; then
    echo "install-kernel-deps: apt-cache cannot resolve linux-image-amd64; run apt-get update and retry" >&2
    exit 1
  fi
  rm -rf kroot bb ./*.deb
  apt-get download "$kernel" busybox-static
  mkdir -p kroot bb
  dpkg-deb -x "$OSS_RIG_HOME"/"$kernel"_*.deb kroot
  dpkg-deb -x "$OSS_RIG_HOME"/busybox-static_*.deb bb
  rm -f ./*.deb
  depmod -b "$OSS_RIG_HOME/kroot" "$(ls kroot/lib/modules | head -1)"
  touch kroot/.done
fi
