#!/usr/bin/env bash
# Demo: builds stunkit-dump (tools/dump/) in the build/gcc tree that tools/test.sh also uses,
# then dumps every RFC 5769 test vector in tests/vectors/*.bin as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh

if [[ ! -f tools/dump/main.cpp ]]; then
    echo "demo.sh: tools/dump/main.cpp does not exist yet, so there is no stunkit-dump to demo" >&2
    exit 1
fi
shopt -s nullglob
vectors=(tests/vectors/*.bin)
if ((${#vectors[@]} == 0)); then
    echo "demo.sh: no test vectors in tests/vectors/*.bin" >&2
    exit 1
fi

echo "==== Building stunkit-dump (build/gcc) ===="
# Same compiler and build type as tools/test.sh's main tree, so neither invalidates the other.
cmake -S . -B build/gcc -G Ninja -Wno-dev \
    -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release -DSTUNKIT_BUILD_TOOLS=ON >/dev/null
cmake --build build/gcc -j "${STUNKIT_JOBS:-2}" --target stunkit-dump

for vector in "${vectors[@]}"; do
    printf '\n==== %s ====\n$ stunkit-dump %s\n' "$(basename "$vector")" "$vector"
    build/gcc/stunkit-dump "$vector" || echo "(stunkit-dump exited with status $?)"
done
