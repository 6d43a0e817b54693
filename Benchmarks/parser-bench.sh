#!/usr/bin/env bash
# Parser throughput, side by side on the same message files and in the same run:
# callpark's SIPCore (Swift, release build) against sofia-sip (FreeSWITCH's stack) and GNU oSIP2.
# Each stack runs pinned to one core, ROUNDS times interleaved; the table shows medians in messages/s.
#
#   Benchmarks/parser-bench.sh [ROUNDS] [SECONDS]      (defaults 3 rounds of 3 s per stack, mode and file)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-3}
seconds=${2:-3}
cpu=${CPU:-0}
msgs=(Benchmarks/c-parsers/messages/invite.sip Benchmarks/c-parsers/messages/ok.sip Benchmarks/c-parsers/messages/register.sip)

cbench=$(Benchmarks/c-parsers/build.sh | tail -n 1)
swift build -c release --product sip-parser-bench >&2
sbench=.build/release/sip-parser-bench

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
for r in $(seq "$rounds"); do
    echo "round $r/$rounds" >&2
    "$cbench" --stack both --seconds "$seconds" --cpu "$cpu" "${msgs[@]}" 2>/dev/null >>"$raw"
    taskset -c "$cpu" "$sbench" --seconds "$seconds" "${msgs[@]}" 2>/dev/null >>"$raw"
done

echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $rounds rounds x ${seconds}s, pinned to CPU $cpu"
python3 - "$raw" <<'PY'
import sys, statistics, collections
rates = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) >= 6 and f[5] == "msgs/s":
        rates[(f[0], f[1])].append(int(f[4]))
files = ["invite.sip", "ok.sip", "register.sip"]
stacks = ["swift-lazy", "swift-proxy", "swift-full", "sofia", "osip"]
med = {k: statistics.median(v) for k, v in rates.items()}
print("| parser | " + " | ".join(files) + " |")
print("|---|" + "---|" * len(files))
for s in stacks:
    print(f"| {s} | " + " | ".join(f"{med.get((s, f), 0):,.0f}" for f in files) + " |")
print()
print("| ratio (Swift / C) | " + " | ".join(files) + " |")
print("|---|" + "---|" * len(files))
for s in ["swift-lazy", "swift-proxy", "swift-full"]:
    for c in ["sofia", "osip"]:
        print(f"| {s} / {c} | " + " | ".join(f"{med.get((s, f), 0) / med[(c, f)]:.2f}x" if med.get((c, f)) else "-" for f in files) + " |")
PY
