#!/usr/bin/env bash
# Installs the Debian packages oss needs to build and test, if missing.
# Swift itself is expected on the machine (https://www.swift.org/install/linux/).
# Then the Python tools of the console tests, pinned, in .build-py/
# (scripts/python-env.sh).
set -euo pipefail

packages=(
  libsqlite3-dev   # SQLite for the journal (GRDB links the system library)
  sqlite3          # the sqlite3 command, used by tests and benchmarks to cross-check the journal
  pkg-config       # SwiftPM finds the C libraries' flags through it
  libfreetype-dev  # text on the projected image
  libpng-dev       # step pictures in, frames out
  fonts-dejavu-core # the font: Dutch accents, Polish, Turkish, Greek and Cyrillic coverage
  libevdev-dev     # buttons, badge readers and barcode scanners
  libusb-1.0-0-dev # the USB station board
  umockdev         # tests: emulated devices (umockdev-wrapper, umockdev-run)
  libumockdev-dev  # tests: emulated devices built inside the test process
  perl             # scripts/check-layers.sh: the layering rules
  python3          # scripts/check-architecture.py: docs/architecture.md against Package.swift
  python3-venv     # tests: the console's Python tools in their own venv (scripts/python-env.sh)
  libxlsxwriter-dev # oss export --format xlsx
  libhyphen-dev    # hyphenation of the projected texts
  hyphen-nl        # Dutch hyphenation patterns
  hyphen-en-us     # English hyphenation patterns
  chromium         # tests: the HTML report printed to PDF, page count
  tesseract-ocr    # tests: the projected frames read back by OCR
  tesseract-ocr-nld # tests: OCR in Dutch
  python3-openpyxl # tests: xlsx exports read back by a spreadsheet library
  chromium-driver  # tests: the console in a real browser (Selenium drives /usr/bin/chromedriver)
  wrk              # oss bench: the console under HTTP load
  curl             # tests and oss bench: the console's login and live stream over HTTP
  openssl          # tests: a throwaway certificate for oss serve --tls-cert
  ca-certificates  # scripts/python-env.sh: pip reaches PyPI over HTTPS
  postgresql       # tests and benchmarks: a throwaway site database (Tests/TestSupport/ScratchPostgres.swift)
  util-linux       # tests as root: setpriv runs that server as the postgres account (initdb refuses root)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

"$(dirname "$0")/python-env.sh" >/dev/null
