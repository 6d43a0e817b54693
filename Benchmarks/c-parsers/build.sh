#!/usr/bin/env bash
# Build Benchmarks/c-parsers/.build-c/c-parsers-bench against Debian's
# sofia-sip and GNU oSIP2 (installing them with apt-get when missing).
# Idempotent; exits non-zero with a message on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/.build-c"
bin="$out/c-parsers-bench"
CC="${CC:-cc}"

fail() { echo "build.sh: error: $*" >&2; exit 1; }

have_deps() {
    command -v pkg-config >/dev/null 2>&1 &&
        pkg-config --exists sofia-sip-ua libosip2 &&
        [ -f /usr/include/osipparser2/osip_parser.h ]
}

if ! have_deps; then
    echo "build.sh: installing libsofia-sip-ua-dev libosip2-dev pkg-config" >&2
    [ "$(id -u)" = 0 ] || fail "headers missing and not root; run: apt-get install -y libsofia-sip-ua-dev libosip2-dev pkg-config"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2 || fail "apt-get update failed"
    apt-get install -y --no-install-recommends libsofia-sip-ua-dev libosip2-dev pkg-config >&2 ||
        fail "apt-get install libsofia-sip-ua-dev libosip2-dev pkg-config failed"
    have_deps || fail "sofia-sip-ua / libosip2 still not found by pkg-config after install"
fi

command -v "$CC" >/dev/null 2>&1 || fail "C compiler '$CC' not found (apt-get install -y gcc)"

cflags="$(pkg-config --cflags sofia-sip-ua libosip2)" || fail "pkg-config --cflags failed"
libs="$(pkg-config --libs sofia-sip-ua libosip2)" || fail "pkg-config --libs failed"

mkdir -p "$out"
# shellcheck disable=SC2086  # flag lists are meant to be word-split
"$CC" -std=c99 -O2 -Wall -Wextra -Wpedantic \
    $cflags -o "$bin.tmp" "$here/harness.c" $libs ||
    fail "compiling harness.c failed"
mv -f "$bin.tmp" "$bin"
echo "$bin"
