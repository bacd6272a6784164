# oco — the two commands of the README, and a few more.
#   make demo   install deps, build (Release), run `oco reproduce all --quick` -> results/
#   make test   install deps, build, run the whole suite through CTest
BUILD      ?= build
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX     ?= /usr/local
OCO        := $(BUILD)/oco

.PHONY: all deps build demo test bench install python fuzz asan valgrind clean

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

# The Python package python/oco for the current user, offline (Debian's pip and
# setuptools; numpy from python3-numpy). It loads liboco.so from $$OCO_LIB, the
# build tree, or the system (make install).
python: build
	/usr/bin/python3 -m pip install --user --no-index --no-build-isolation --no-deps \
	  --break-system-packages ./python

# The sanitizer build uses clang with -Werror, so CI also checks that clang
# compiles the tree warning-free (the main build uses gcc).
asan: deps
	OCO_DEPS_EXTRA="clang libclang-rt-14-dev" scripts/install-deps
	CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOCO_SANITIZE=ON -DOCO_WERROR=ON -DOCO_BUILD_BENCH=OFF >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# Unit tests under valgrind memcheck (slow; not in CI).
valgrind: build
	OCO_DEPS_EXTRA="valgrind" scripts/install-deps
	@fail=0; for t in $(BUILD)/tests/test_*; do [ -x "$$t" ] || continue; \
	  echo "== valgrind $$t"; OMP_NUM_THREADS=1 OCO_UNDER_VALGRIND=1 OCO_TEST_DATA=tests/data valgrind -q --error-exitcode=99 \
	    --leak-check=full --errors-for-leak-kinds=definite "$$t" >/dev/null || fail=1; done; exit $$fail

fuzz:
	OCO_DEPS_EXTRA="clang libclang-rt-14-dev" scripts/install-deps
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DOCO_BUILD_FUZZ=ON -DOCO_BUILD_TESTS=OFF -DOCO_BUILD_BENCH=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzz_csv fuzz_oobc
	mkdir -p build-fuzz/corpus && build-fuzz/fuzz/fuzz_csv -max_total_time=$${FUZZ_SECONDS:-60} build-fuzz/corpus fuzz/corpus
	mkdir -p build-fuzz/corpus_oobc && build-fuzz/fuzz/fuzz_oobc -max_total_time=$${FUZZ_SECONDS:-60} build-fuzz/corpus_oobc fuzz/corpus_oobc

clean:
	rm -rf $(BUILD) build-asan build-fuzz
