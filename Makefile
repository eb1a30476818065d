# A thin wrapper around meson: `make run` and `make test` are the README's quick start.
BUILDDIR ?= build
ASANDIR ?= build-asan
MESON_TEST ?= meson test --print-errorlogs --no-rebuild --num-processes 2

.PHONY: all deps setup build run test bench clean

all: build

deps:
	@sh .ci/deps.sh

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR)

$(ASANDIR)/build.ninja:
	meson setup $(ASANDIR) -Dclient=false -Db_sanitize=address,undefined -Db_lundef=false

setup: deps $(BUILDDIR)/build.ninja

build: setup
	meson compile -C $(BUILDDIR)

run: build
	meson devenv -C $(BUILDDIR) lifeline

# Every test, then the core and server tests again under AddressSanitizer and
# UBSan; the last line counts them all: "N passed, N failed[, N skipped]".
test: build $(ASANDIR)/build.ninja
	meson compile -C $(ASANDIR)
	-$(MESON_TEST) -C $(BUILDDIR)
	-$(MESON_TEST) -C $(ASANDIR) --suite core --suite server --suite kb
	@python3 tests/summary.py $(BUILDDIR) $(ASANDIR)

bench: build
	meson test -C $(BUILDDIR) --benchmark --verbose

clean:
	rm -rf $(BUILDDIR) $(ASANDIR)
