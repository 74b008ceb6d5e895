# dmx -- data-market explorer.  `make run` and `make test` are all a newcomer needs.
.SUFFIXES:

CC      ?= cc
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=
BUILD   ?= build
GLPK_LIBS ?= -lglpk

PKGS      = ncursesw yaml-0.1 lapacke
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN    = -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wno-format-truncation
OPT     ?= -O2 -g
CFLAGS  ?=
XCFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(OPT) \
          -Iengine -I$(BUILD) $(PKG_CFLAGS) $(SAN) $(CFLAGS)
LDLIBS  = $(PKG_LIBS) $(GLPK_LIBS) -llapack -lblas -lm -lpthread $(SAN)

ENGINE_SRC := $(sort $(wildcard engine/*.c engine/*/*.c))
TUI_SRC    := $(sort $(wildcard tui/*.c))
TEST_SRC   := $(sort $(wildcard tests/unit/test_*.c))
# Test-only code (reference implementations a test compares the engine with):
# every tests/unit/ref_*.c is compiled with -DDMX_TEST and linked into every
# test binary, never into libdmx or dmx.  Test sources see -DDMX_TEST too.
REF_SRC    := $(sort $(wildcard tests/unit/ref_*.c))
REF_OBJ    := $(REF_SRC:tests/unit/%.c=$(BUILD)/tests/ref/%.o)
BENCH_SRC  := $(sort $(wildcard bench/*.c))
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ    := $(TUI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN   := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN  := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
LIB        := $(BUILD)/libdmx.a
DMX        := $(BUILD)/dmx

.PHONY: FORCE all deps run test unit e2e bench check-asan check-tsan fuzz fuzz-smoke fuzz-build \
        install uninstall clean

all: $(DMX)

# Checks the toolchain and libraries; installs Debian's packages when root.
deps:
	@sh .ci/bootstrap

# Paths compiled into the binary; rewritten only when they change, so that
# `make install PREFIX=...` rebuilds what depends on them.
$(BUILD)/config.h: FORCE
	@mkdir -p $(@D)
	@printf '#define DMX_DATADIR "%s"\n#define DMX_SRCDIR "%s"\n' '$(DATADIR)/dmx' '$(CURDIR)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

$(BUILD)/tui/main.o: $(BUILD)/config.h
$(TEST_BIN) $(BENCH_BIN): $(BUILD)/config.h

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(XCFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(ENGINE_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $(ENGINE_OBJ)

$(DMX): $(TUI_OBJ) $(LIB)
	$(CC) -o $@ $(TUI_OBJ) $(LIB) $(LDLIBS)

# Test and bench programs track their headers (-MMD -MP into $@.d), so touching
# tests/unit/toy.h or engine/param.h rebuilds every program that includes it.
TEST_CFLAGS = $(XCFLAGS) -DDMX_TEST -DDMX_SRCDIR='"$(CURDIR)"' $(CMOCKA_CFLAGS) -Itests/unit

$(BUILD)/tests/ref/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/%: tests/unit/%.c $(REF_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -MMD -MP -MF $@.d -MT $@ -o $@ $< $(REF_OBJ) $(LIB) \
	  $(LDWRAP) $(CMOCKA_LIBS) $(LDLIBS)

# the allocation-failure test interposes the engine's allocator
$(BUILD)/tests/test_oom: LDWRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(XCFLAGS) -DDMX_SRCDIR='"$(CURDIR)"' -MMD -MP -MF $@.d -MT $@ -o $@ $< $(LIB) $(LDLIBS)

run: deps
	@$(MAKE) --no-print-directory all
	./$(DMX)

test: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@sh tests/run.sh $(BUILD)

unit: all $(TEST_BIN)
	@DMX_SKIP_E2E=1 sh tests/run.sh $(BUILD)

e2e: all
	@DMX_SKIP_UNIT=1 sh tests/run.sh $(BUILD)

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" all \
	  $(TEST_SRC:tests/unit/%.c=build-asan/tests/%)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  DMX_ASAN=1 sh tests/run.sh build-asan

# The whole suite under ThreadSanitizer (the explorer's worker thread, grid
# fills).  Tests that cannot run under TSan skip themselves when DMX_TSAN=1.
check-tsan: deps
	@$(MAKE) --no-print-directory BUILD=build-tsan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=thread" all $(TEST_SRC:tests/unit/%.c=build-tsan/tests/%)
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" DMX_TSAN=1 sh tests/run.sh build-tsan

# libFuzzer targets (clang): each runs FUZZ_SECONDS, seeded with the shipped
# presets and the regression corpus tests/fuzz/corpus/<target>/ (hostile inputs
# that once crashed, hung or mis-positioned an error).  New inputs found go to
# build-fuzz/corpus/<target>/; crashes to build-fuzz/crash-*.  `make fuzz-smoke`
# is the short bounded run CI does (.ci/run); without clang it says so and skips.
FUZZ_SECONDS ?= 30
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_NEED = clang with libFuzzer (Debian 12: apt-get install clang libclang-rt-14-dev)
FUZZ_SAN  = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(LIB)
	$(CC) $(XCFLAGS) -fsanitize=fuzzer -MMD -MP -MF $@.d -MT $@ -o $@ $< $(LIB) $(LDLIBS)

fuzz-build: deps
	@command -v clang >/dev/null 2>&1 || { echo "make fuzz: needs $(FUZZ_NEED)" >&2; exit 1; }
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}\n' \
	  | clang -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null \
	  || { echo "make fuzz: clang cannot link libFuzzer; needs $(FUZZ_NEED)" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g" SAN="$(FUZZ_SAN)" \
	  CFLAGS="$(CFLAGS) -Wno-unknown-warning-option -Wno-unknown-attributes" \
	  $(FUZZ_BIN)

fuzz: fuzz-build
	@for b in $(FUZZ_BIN); do \
	  t=$$(basename $$b); mkdir -p build-fuzz/corpus/$$t; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  $$b -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/ build-fuzz/corpus/$$t tests/fuzz/corpus/$$t presets \
	    >build-fuzz/$$t.log 2>&1 \
	    || { tail -40 build-fuzz/$$t.log; echo "fuzz: $$t FAILED (log: build-fuzz/$$t.log)"; exit 1; }; \
	  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' build-fuzz/$$t.log \
	    | tail -3; \
	done

fuzz-smoke:
	@if command -v clang >/dev/null 2>&1; then $(MAKE) --no-print-directory fuzz FUZZ_SECONDS=15; \
	else echo "SKIP fuzz-smoke: needs $(FUZZ_NEED)"; fi

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/dmx/presets $(DESTDIR)$(MANDIR)/man1
	cp $(DMX) $(DESTDIR)$(BINDIR)/dmx
	cp presets/*.yaml $(DESTDIR)$(DATADIR)/dmx/presets/
	cp man/dmx.1 $(DESTDIR)$(MANDIR)/man1/dmx.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dmx $(DESTDIR)$(MANDIR)/man1/dmx.1
	rm -rf $(DESTDIR)$(DATADIR)/dmx

clean:
	rm -rf build build-asan build-tsan build-fuzz

-include $(ENGINE_OBJ:.o=.d) $(TUI_OBJ:.o=.d) $(REF_OBJ:.o=.d) $(TEST_BIN:=.d) $(BENCH_BIN:=.d) \
  $(wildcard $(BUILD)/fuzz_*.d)
