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
BENCH_SRC  := $(sort $(wildcard bench/*.c))
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ    := $(TUI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN   := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN  := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
LIB        := $(BUILD)/libdmx.a
DMX        := $(BUILD)/dmx

.PHONY: FORCE all deps run test unit e2e bench check-asan fuzz install uninstall clean

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

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(XCFLAGS) -DDMX_SRCDIR='"$(CURDIR)"' $(CMOCKA_CFLAGS) -Itests/unit -o $@ $< $(LIB) \
	  $(LDWRAP) $(CMOCKA_LIBS) $(LDLIBS)

# the allocation-failure test interposes the engine's allocator
$(BUILD)/tests/test_oom: LDWRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(XCFLAGS) -DDMX_SRCDIR='"$(CURDIR)"' -o $@ $< $(LIB) $(LDLIBS)

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

# libFuzzer targets (clang), FUZZ_SECONDS each, seeded with the shipped presets.
FUZZ_SECONDS ?= 30
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g -Wno-unknown-warning-option" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libdmx.a
	@mkdir -p build-fuzz/corpus
	@for f in $(FUZZ_SRC); do \
	  b=build-fuzz/$$(basename $$f .c); \
	  clang $(XCFLAGS) -Wno-unknown-warning-option -fsanitize=fuzzer,address,undefined -o $$b $$f build-fuzz/libdmx.a \
	    $(PKG_LIBS) $(GLPK_LIBS) -llapack -lblas -lm -lpthread || exit 1; \
	  mkdir -p build-fuzz/corpus/$$(basename $$f .c); \
	  cp presets/*.yaml build-fuzz/corpus/$$(basename $$f .c)/ 2>/dev/null; \
	  echo "fuzzing $$b for $(FUZZ_SECONDS) s"; \
	  $$b -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus/$$(basename $$f .c) \
	    2>&1 | tail -3 || exit 1; \
	done

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/dmx/presets $(DESTDIR)$(MANDIR)/man1
	cp $(DMX) $(DESTDIR)$(BINDIR)/dmx
	cp presets/*.yaml $(DESTDIR)$(DATADIR)/dmx/presets/
	cp man/dmx.1 $(DESTDIR)$(MANDIR)/man1/dmx.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dmx $(DESTDIR)$(MANDIR)/man1/dmx.1
	rm -rf $(DESTDIR)$(DATADIR)/dmx

clean:
	rm -rf build build-asan build-fuzz

-include $(ENGINE_OBJ:.o=.d) $(TUI_OBJ:.o=.d)
