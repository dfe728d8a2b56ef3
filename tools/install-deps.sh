#!/usr/bin/env bash
# Installs the Debian 12 packages stunkit's build, tests and tools need; idempotent.
#   tools/install-deps.sh [EXTRA_PACKAGE...]
# Asks dpkg first and touches apt only when something is missing (apt-get update runs only
# then). Uses sudo when not root. Extra package names (e.g. for integration-test peers) can be
# passed as arguments.
set -euo pipefail

packages=(
    cmake ninja-build g++ binutils          # build (binutils: nm for the embedded-profile test)
    clang-14 clang libclang-rt-14-dev       # Clang 14 tree: ASan/UBSan runtimes and libFuzzer
    libmsgsl-dev libboost-dev               # the library's dependencies (GSL, Boost.Endian)
    catch2 libssl-dev                       # tests (Catch2 v2; OpenSSL for crypto cross-checks)
    nlohmann-json3-dev                      # stunkit-dump
    libbenchmark-dev                        # bench/
    pkg-config python3 doxygen              # package test, amalgamation, API docs
    unicode-data                            # tools/gen_unicode_tables.py freshness check
    "$@"
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    if [[ "$status" != "installed" ]]; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
    sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
