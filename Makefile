# The two commands of the README: `make demo` and `make test`. Each installs
# missing Debian packages first, then builds.
SWIFT ?= swift
CC ?= cc
BUILD_C := .build-c

.PHONY: all deps build demo test test-kernel validate protocol-test fuzz fuzz-ci bench soak clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

demo: build
	$(SWIFT) run --skip-build oss demo

# The suite runs with umockdev's preload, so the libevdev and libusb code is
# tested against emulated devices; those tests skip under a plain `swift test`.
test: deps protocol-test
	$(SWIFT) build --build-tests
	umockdev-wrapper $(SWIFT) test --skip-build
	$(MAKE) fuzz-ci

# libFuzzer on the protocol decoder, the event-script parser and the station
# loader (scripts/fuzz.sh). FUZZ_SECONDS per target; CI runs each briefly.
FUZZ_SECONDS ?= 300
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

fuzz-ci:
	scripts/fuzz.sh 20

# Figures for BENCHMARKS.md: a release build, then `oss bench`.
bench: deps
	$(SWIFT) build -c release --product oss
	.build/release/oss bench

# `oss run` on emulated devices (umockdev) at 50 events/s for SOAK_SECONDS;
# memory and descriptors over time. Not part of CI (it takes 10 minutes).
SOAK_SECONDS ?= 600
soak: deps
	$(SWIFT) build --build-tests
	OSS_SOAK_SECONDS=$(SOAK_SECONDS) umockdev-wrapper $(SWIFT) test --skip-build --filter Soak

# The C reference codec of firmware-protocol/ against the protocol's vectors.
protocol-test:
	@mkdir -p $(BUILD_C)
	$(CC) -std=c99 -Wall -Wextra -Werror -O2 -Ifirmware-protocol/c/include -o $(BUILD_C)/test_vectors \
		firmware-protocol/c/oss_board_proto.c firmware-protocol/c/test_vectors.c
	$(BUILD_C)/test_vectors firmware-protocol/vectors/v1.txt

validate: build
	$(SWIFT) run --skip-build oss validate stations

clean:
	rm -rf .build .build-fuzz $(BUILD_C) demo-out

# Device tests on a real Linux kernel: uinput/evdev, vfb and bochs-drm, a
# FunctionFS board on dummy_hcd, each in a QEMU VM (kernel-tests/run.sh,
# docs/kernel-tests.md). Installs QEMU and a Debian guest kernel on first use.
test-kernel: deps
	scripts/install-kernel-deps.sh
	kernel-tests/run.sh
