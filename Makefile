# oco — the two commands of the README, and a few more.
#   make demo   install deps, build (Release), run `oco reproduce all --quick` -> results/
#   make test   install deps, build, run the whole suite through CTest
BUILD      ?= build
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX     ?= /usr/local
OCO        := $(BUILD)/oco

.PHONY: all deps build demo test bench install fuzz asan clean

all: build

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(OCO) reproduce all --quick --out results

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@for b in $(BUILD)/bench/*; do [ -x "$$b" ] && [ -f "$$b" ] && { echo "== $$b"; "$$b" || exit 1; }; done; true

install: build
	cmake --install $(BUILD)

asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOCO_SANITIZE=ON -DOCO_BUILD_BENCH=OFF
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

fuzz:
	OCO_DEPS_EXTRA="clang libclang-rt-14-dev" scripts/install-deps
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DOCO_BUILD_FUZZ=ON -DOCO_BUILD_TESTS=OFF -DOCO_BUILD_BENCH=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzz_csv
	mkdir -p build-fuzz/corpus && build-fuzz/fuzz/fuzz_csv -max_total_time=$${FUZZ_SECONDS:-60} build-fuzz/corpus fuzz/corpus

clean:
	rm -rf $(BUILD) build-asan build-fuzz
