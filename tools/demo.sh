#!/usr/bin/env bash
# The demo: builds stunkit-dump (tools/dump/) in the build/gcc tree that tools/test.sh also
# uses, then decodes the four RFC 5769 test vectors (checking their MESSAGE-INTEGRITY with the
# RFC's credentials) and a set of messages built for the demo (tests/vectors/demo-messages.hex).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh

echo "==== Building stunkit-dump (build/gcc) ===="
# Same compiler and build type as tools/test.sh's main tree, so neither invalidates the other.
cmake -S . -B build/gcc -G Ninja -Wno-dev \
    -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release -DSTUNKIT_BUILD_TOOLS=ON >/dev/null
cmake --build build/gcc -j "${STUNKIT_JOBS:-2}" --target stunkit-dump
dump=build/gcc/stunkit-dump

show() {
    printf '\n==== %s\n$ stunkit-dump %s\n' "$1" "${*:2}"
    "$dump" "${@:2}" || echo "(stunkit-dump exited with status $?)"
}

short_term=VOkJxbRl1RmTxUk/WvJxBt  # RFC 5769 §2.1-2.3
# RFC 5769 §2.4: username U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9, password after SASLprep.
long_term="マトリックス:example.org:TheMatrIX"
show "RFC 5769 §2.1 sample request" --key "$short_term" tests/vectors/rfc5769-request.bin
show "RFC 5769 §2.2 IPv4 response" --key "$short_term" tests/vectors/rfc5769-ipv4-response.bin
show "RFC 5769 §2.3 IPv6 response" --key "$short_term" tests/vectors/rfc5769-ipv6-response.bin
show "RFC 5769 §2.4 long-term request" --long-term "$long_term" tests/vectors/rfc5769-long-term-request.bin
show "Built messages (what each is: the '#' lines of the file)" --hex tests/vectors/demo-messages.hex
show "The same, RFC 3489 messages accepted" --hex --legacy tests/vectors/demo-messages.hex
