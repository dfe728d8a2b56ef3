#!/usr/bin/env bash
# Runs every test stunkit has, from a clean clone or an existing build/ (idempotent):
#   1. dependencies (tools/install-deps.sh)
#   2. GCC 12, C++17, Release: build everything (tests, single-header tests, examples, tools,
#      replay fuzz targets, benchmarks), all warnings as errors
#   3. GCC 12, C++20, -O2 (tree 2 uses -O3; GCC warns differently at each): build and run the tests
#   4. Clang 14, C++17, ASan + UBSan: build and run the tests, libFuzzer targets over their
#      corpora and then fuzzing each for 30 s (a finding fails the run)
#   5. run the tests of tree 2: unit tests (modular and single header), single_include_fresh,
#      embedded_profile, package (install, find_package, pkg-config, add_subdirectory), doxygen
# The last line printed is CTest's summary of stage 5. Build trees: build/{gcc,gcc-cxx20,clang-asan}.
# Environment: STUNKIT_JOBS (default 2) for build and ctest parallelism.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${STUNKIT_JOBS:-2}
started=$(date +%s)

stage() {
    local now
    now=$(date +%s)
    printf '\n==== %s  [+%ds] ====\n' "$*" "$((now - started))"
}

# configure <dir> <cmake args...>: a tree made by another generator is wiped first.
configure() {
    local dir=$1
    shift
    if [[ -f "$dir/CMakeCache.txt" ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$dir/CMakeCache.txt"; then
        echo "test.sh: $dir was not made by Ninja; removing it"
        rm -rf "$dir"
    fi
    cmake -S . -B "$dir" -G Ninja -Wno-dev "$@"
}

build() {
    cmake --build "$1" -j "$jobs"
}

run_ctest() {
    ctest --test-dir "$1" -j "$jobs" --output-on-failure --timeout 600
}

stage "1/5 Dependencies"
# Beyond the base list in install-deps.sh: peers of the interop tests (tests/interop/).
tools/install-deps.sh python3-aioice coturn

stage "2/5 Build: GCC 12, C++17, Release (everything)"
configure build/gcc \
    -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release -DSTUNKIT_CXX_STANDARD=17 \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DSTUNKIT_WERROR=ON -DSTUNKIT_SANITIZE= \
    -DSTUNKIT_BUILD_TESTS=ON -DSTUNKIT_BUILD_EXAMPLES=ON -DSTUNKIT_BUILD_TOOLS=ON \
    -DSTUNKIT_BUILD_BENCH=ON -DSTUNKIT_BUILD_FUZZERS=OFF -DSTUNKIT_INSTALL=ON \
    -DSTUNKIT_TEST_SINGLE_INCLUDE=ON -DSTUNKIT_TEST_PACKAGE=ON -DSTUNKIT_TEST_DOCS=ON
build build/gcc

stage "3/5 GCC 12, C++20, -O2: build and test"
configure build/gcc-cxx20 \
    -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
    -DSTUNKIT_CXX_STANDARD=20 \
    -DSTUNKIT_WERROR=ON -DSTUNKIT_SANITIZE= \
    -DSTUNKIT_BUILD_TESTS=ON -DSTUNKIT_BUILD_EXAMPLES=ON -DSTUNKIT_BUILD_TOOLS=ON \
    -DSTUNKIT_BUILD_BENCH=OFF -DSTUNKIT_BUILD_FUZZERS=OFF -DSTUNKIT_INSTALL=OFF \
    -DSTUNKIT_TEST_SINGLE_INCLUDE=OFF -DSTUNKIT_TEST_DOCS=OFF
build build/gcc-cxx20
run_ctest build/gcc-cxx20

stage "4/5 Clang 14, C++17, ASan + UBSan: build and test (with libFuzzer targets)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
configure build/clang-asan \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" \
    -DSTUNKIT_CXX_STANDARD=17 -DSTUNKIT_WERROR=ON -DSTUNKIT_SANITIZE=address,undefined \
    -DSTUNKIT_BUILD_TESTS=ON -DSTUNKIT_BUILD_EXAMPLES=ON -DSTUNKIT_BUILD_TOOLS=ON \
    -DSTUNKIT_BUILD_BENCH=OFF -DSTUNKIT_BUILD_FUZZERS=ON -DSTUNKIT_FUZZ_SECONDS=30 -DSTUNKIT_INSTALL=OFF \
    -DSTUNKIT_TEST_SINGLE_INCLUDE=OFF -DSTUNKIT_TEST_DOCS=OFF
build build/clang-asan
run_ctest build/clang-asan

stage "5/5 GCC 12, C++17: all tests (unit, single header, freshness, embedded, package, docs)"
# CTest prints its summary line before the label and time totals; move it to the very end.
set +e
ctest --test-dir build/gcc -j "$jobs" --output-on-failure --timeout 600 2>&1 | {
    summary=""
    while IFS= read -r line; do
        if [[ "$line" =~ ^[0-9]+%\ tests\ passed,\ [0-9]+\ tests?\ failed\ out\ of\ [0-9]+ ]]; then
            summary=$line
        else
            printf '%s\n' "$line"
        fi
    done
    echo "test.sh: all stages took $(($(date +%s) - started))s"
    if [[ -n "$summary" ]]; then
        printf '%s\n' "$summary"
    fi
}
status=${PIPESTATUS[0]}
set -e
exit "$status"
