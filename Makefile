# The two commands of the README: `make demo` and `make test`. Each installs
# missing Debian packages first, then builds.
SWIFT ?= swift
CC ?= cc
BUILD_C := .build-c

.PHONY: all deps build demo test validate protocol-test clean

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

# The C reference codec of firmware-protocol/ against the protocol's vectors.
protocol-test:
	@mkdir -p $(BUILD_C)
	$(CC) -std=c99 -Wall -Wextra -Werror -O2 -Ifirmware-protocol/c/include -o $(BUILD_C)/test_vectors \
		firmware-protocol/c/oss_board_proto.c firmware-protocol/c/test_vectors.c
	$(BUILD_C)/test_vectors firmware-protocol/vectors/v1.txt

validate: build
	$(SWIFT) run --skip-build oss validate stations

clean:
	rm -rf .build $(BUILD_C) demo-out
