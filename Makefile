# Entry points. Each one first installs any missing Debian packages (scripts/install-deps.sh).
BUILD ?= build
JOBS ?= $(shell nproc)
DEMO ?= demo-out

.PHONY: deps configure build test demo bench clean

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release > $(BUILD).configure.log 2>&1 || (cat $(BUILD).configure.log; exit 1)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The tests run under a virtual X server so the studio's real OpenGL window can open (Mesa llvmpipe).
test: build
	@cd $(BUILD) && xvfb-run -a -s "-screen 0 1920x1080x24" ctest -j $(JOBS) --output-on-failure

demo: build
	@bash scripts/demo.sh $(BUILD) $(DEMO)

bench: build
	@bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD).configure.log $(DEMO)
