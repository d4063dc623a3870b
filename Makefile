# The two commands of the README: `make demo` and `make test`. Each installs
# missing Debian packages first, then builds.
SWIFT ?= swift
CC ?= cc
BUILD_C := .build-c

.PHONY: all deps build demo test layers test-tsan test-kernel validate protocol-test fuzz fuzz-ci bench soak clean \
	python-env openapi-check console-test

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

demo: build
	$(SWIFT) run --skip-build oss demo

# The suite runs with umockdev's preload, so the libevdev and libusb code is
# tested against emulated devices; those tests skip under a plain `swift test`.
# The site's tests (throwaway PostgreSQL servers, oss sync processes) run
# after it in a test process of their own, apart from the device suites.
# Then the console end to end (oss serve in headless Chromium, schemathesis;
# Tests/console/run.sh), the runtime and live-loop tests once under
# ThreadSanitizer, and last the device tests on a real kernel, whose verdict
# line ends the output.
SITE_TESTS ?= SiteStoreTests|SyncCommandTests|UserSiteCommandTests|ServeSiteCommandTests
test: deps protocol-test layers openapi-check
	$(SWIFT) build --build-tests
	umockdev-wrapper $(SWIFT) test --skip-build --skip '$(SITE_TESTS)'
	$(SWIFT) test --skip-build --filter '$(SITE_TESTS)'
	Tests/console/run.sh .build/debug/oss
	$(MAKE) fuzz-ci
	$(MAKE) test-tsan
	$(MAKE) --no-print-directory test-kernel

# The layering rules (docs/architecture.md): libc only in LinuxSystem,
# libevdev, libusb, FreeType and libpng each in one module; the module table of
# docs/architecture.md equal to Package.swift's dependencies. The checker tests
# itself first, then prints every call that breaks a rule and fails on one.
layers:
	scripts/check-layers.sh --self-test
	scripts/check-layers.sh
	scripts/check-architecture.py

# The runtime and live-loop tests under ThreadSanitizer, in their own build
# directory (an instrumented build of everything; ~4 min the first time, ~1 min
# after a change; the tests take ~35 s). A reported race fails the step.
TSAN_TESTS ?= PipelineTests|ReplayTests|LiveRuntimeTests
test-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	umockdev-wrapper $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan --filter '$(TSAN_TESTS)'

# The console tests' Python tools (selenium, axe-selenium-python,
# schemathesis, openapi-spec-validator), pinned in Tests/console/requirements.txt,
# in a venv at .build-py/ (scripts/python-env.sh; `make deps` makes it too).
PYTHON := .build-py/bin/python
python-env:
	@scripts/python-env.sh >/dev/null

# docs/openapi.yaml, the console API's description: a valid OpenAPI 3.1
# document (openapi-spec-validator) with every route and role of the contract
# and closed object schemas (Tests/console/validate_openapi.py).
openapi-check: python-env
	$(PYTHON) Tests/console/validate_openapi.py

# The console end to end (Tests/console/run.sh): `oss serve` on a demo
# journal, then headless Chromium (log in, a station moving, a level, an xlsx
# download, axe-core and screenshots of every page in nl and en, log out) and
# schemathesis against the served OpenAPI document. Screenshots and reports
# go to .build-console/; CONSOLE_SCREENSHOTS=docs/console renews the
# repository's pictures.
CONSOLE_SCREENSHOTS ?=
console-test: deps
	$(SWIFT) build --product oss
	OSS_CONSOLE_SCREENSHOTS=$(CONSOLE_SCREENSHOTS) Tests/console/run.sh .build/debug/oss

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
	rm -rf .build .build-fuzz .build-tsan .build-kernel .build-py .build-console $(BUILD_C) demo-out

# Device tests on a real Linux kernel: uinput/evdev, vfb and bochs-drm, a
# FunctionFS board on dummy_hcd, each in a QEMU VM (kernel-tests/run.sh,
# docs/kernel-tests.md). run.sh installs QEMU and a Debian guest kernel on
# first use (scripts/install-kernel-deps.sh); a missing tool or a failed rig is
# a failed test, never a skip. The last line of standard output is
# "kernel tests: N passed, M failed"; the exit status is non-zero when M > 0.
test-kernel: deps
	@kernel-tests/run.sh
