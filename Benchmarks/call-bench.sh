#!/usr/bin/env bash
# SIP throughput on loopback: sipp's built-in UAC against a callpark SIPEndpoint that answers every call
# (Benchmarks/SIPEndpointBenchmark), and the same sipp UAC against sipp's own built-in UAS for comparison.
# Full call cycles INVITE/100?/200/ACK/BYE/200 per second, and OPTIONS/200 per second.
#
#   Benchmarks/call-bench.sh [RATE] [CALLS]      (defaults 5000 calls/s, 50000 calls)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rate=${1:-5000}
calls=${2:-50000}
swift build -c release --product sip-endpoint-bench >&2
bench=.build/release/sip-endpoint-bench
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# run_sipp NAME TARGET_PORT EXTRA_ARGS... → prints "NAME: S successful, F failed in T s = R/s"
run_sipp() {
    local name=$1 port=$2; shift 2
    local t0 t1
    t0=$(date +%s.%N)
    sipp 127.0.0.1:"$port" -i 127.0.0.1 -p "$(free_port)" -mp "$(free_port)" -cp "$(free_port)" -r "$rate" -rp 1000 \
        -m "$calls" -l 2000 -timeout 120s -nostdin -trace_stat -stf "$tmp/$name.csv" -fd 1 "$@" >"$tmp/$name.out" 2>&1 || true
    t1=$(date +%s.%N)
    python3 - "$tmp/$name.csv" "$t0" "$t1" "$name" <<'PY'
import sys
rows = [l.rstrip("\n").split(";") for l in open(sys.argv[1]) if l.strip()]
h, last = rows[0], rows[-1]
ok = int(last[h.index("SuccessfulCall(C)")]); bad = int(last[h.index("FailedCall(C)")])
t = float(sys.argv[3]) - float(sys.argv[2])
print(f"{sys.argv[4]}: {ok} successful, {bad} failed in {t:.2f} s = {ok / t:,.0f}/s")
PY
}

start_endpoint() {
    "$bench" --seconds 300 >"$tmp/endpoint.out" 2>&1 &
    for _ in $(seq 100); do [ -s "$tmp/endpoint.out" ] && break; read -r -t 0.05 <> <(:) || true; done
    read -r _ udp _ tcp <"$tmp/endpoint.out"
}

echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), offered rate $rate/s, $calls calls"
start_endpoint
run_sipp "callpark endpoint, UDP calls" "$udp" -sn uac -t u1
run_sipp "callpark endpoint, UDP OPTIONS" "$udp" -sf Benchmarks/sipp/options-uac.xml -t u1
kill %1 2>/dev/null || true
uas=$(free_port)
sipp -sn uas -i 127.0.0.1 -p "$uas" -mp "$(free_port)" -cp "$(free_port)" -nostdin -timeout 120s -bg >/dev/null 2>&1 || true
run_sipp "sipp built-in UAS, UDP calls" "$uas" -sn uac -t u1
pkill -f "sipp -sn uas -i 127.0.0.1 -p $uas" || true
