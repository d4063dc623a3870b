# The two commands of the README: `make demo` and `make test`. Each installs
# missing Debian packages first, then builds.
SWIFT ?= swift

.PHONY: all deps build demo test validate clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

demo: build
	$(SWIFT) run --skip-build oss demo

test: deps
	$(SWIFT) test

validate: build
	$(SWIFT) run --skip-build oss validate stations

clean:
	rm -rf .build demo-out
