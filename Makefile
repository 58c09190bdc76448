# Entry points. Each one first installs any missing Debian packages (scripts/install-deps.sh).
BUILD ?= build
JOBS ?= $(shell nproc)
DEMO ?= demo-out

.PHONY: deps configure build test asan-configure test-asan fuzz demo bench clean

deps:
	@bash scripts/install-deps.sh

# Warnings are errors in `make test` (so in CI); `make build` and `make demo` only show them.
WERROR ?= OFF
test: WERROR = ON

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGP_WERROR=$(WERROR) > $(BUILD).configure.log 2>&1 || (cat $(BUILD).configure.log; exit 1)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The tests run under a virtual X server so the studio's real OpenGL window can open (Mesa llvmpipe).
test: build
	@cd $(BUILD) && xvfb-run -a -s "-screen 0 1920x1080x24" ctest -j $(JOBS) --output-on-failure

# The sanitizer build (issue 11), in its own build dir with clang: AddressSanitizer + UndefinedBehaviorSanitizer
# (GP_SANITIZE) and libFuzzer's coverage (GP_FUZZ), so `make test-asan` and `make fuzz` share one compile of the
# libraries. Each builds only the binaries it runs.
ASAN_BUILD ?= build-asan
asan-configure: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DGP_SANITIZE=ON -DGP_FUZZ=ON > $(ASAN_BUILD).configure.log 2>&1 || (cat $(ASAN_BUILD).configure.log; exit 1)

# Parts whose tests run under the sanitizers: the libraries' unit tests and the bad-input suite (the real CLI,
# sanitized, on every damaged input). Left out: studio (Mesa's llvmpipe, GLFW and fontconfig are not
# instrumented and what they keep until exit shows up as leaks), app, pipeline and corpus (whole towns
# partitioned end to end: many minutes under ASan, through the code paths badinput already drives).
ASAN_PARTS ?= core partition geom plan io print badinput
empty :=
space := $(empty) $(empty)
test-asan: asan-configure
	@cmake --build $(ASAN_BUILD) -j $(JOBS) --target gridplan $(addprefix test_,$(ASAN_PARTS))
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan.supp \
	  ctest -j $(JOBS) -L '^($(subst $(space),|,$(ASAN_PARTS)))$$' --output-on-failure

# libFuzzer targets (fuzz/): each runs FUZZ_SECONDS on a generated seed corpus; any crash, leak or timeout fails.
FUZZ_SECONDS ?= 60
fuzz: asan-configure
	@cmake --build $(ASAN_BUILD) -j $(JOBS) --target fuzz_buildings fuzz_roster fuzz_sign_template
	@bash fuzz/run.sh $(ASAN_BUILD) $(FUZZ_SECONDS)

demo: build
	@bash scripts/demo.sh $(BUILD) $(DEMO)

bench: build
	@bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD).configure.log $(DEMO) $(ASAN_BUILD) $(ASAN_BUILD).configure.log
