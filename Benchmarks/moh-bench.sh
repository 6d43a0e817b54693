#!/usr/bin/env bash
# Music on hold against the loopback ceiling, in the same run:
#   1. the C blaster (Benchmarks/blaster/blaster.c): sendmmsg of 172-byte datagrams as fast as it can to 4
#      draining sockets: the most packets/s loopback carries on this machine;
#   2. the same blaster paced at the music-on-hold rate (one sendmmsg per millisecond): what paced sending costs
#      in C, without any bookkeeping;
#   3. moh-bench (release build) with STREAMS streams, once per configuration below;
#   4. the unpaced blaster again (the ceiling is the mean of 1 and 4).
# Prints a table with each music-on-hold figure as a fraction of the ceiling.
#
#   Benchmarks/moh-bench.sh [STREAMS] [SECONDS]        (defaults 5,000 streams, 10 s per run)
#   CONFIGS="--shards 1;--shards 2 --realtime 10" Benchmarks/moh-bench.sh   (moh-bench options, ';'-separated;
#   a --streams in a configuration overrides STREAMS for that run, e.g. to look for the pacer's own limit)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
streams=${1:-5000}
seconds=${2:-10}
IFS=';' read -r -a configs <<<"${CONFIGS:---shards 1;--shards 2;--shards 1 --realtime 10;--shards 2 --realtime 10}"

mkdir -p Benchmarks/blaster/.build
cc -O2 -pthread -o Benchmarks/blaster/.build/blaster Benchmarks/blaster/blaster.c
swift build -c release --product moh-bench >&2
blaster=Benchmarks/blaster/.build/blaster
bench=.build/release/moh-bench

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== blaster (ceiling)" >&2
"$blaster" -s "$seconds" | tee -a "$raw" >&2
echo "== blaster paced at $((streams * 50)) packets/s" >&2
"$blaster" -s "$seconds" -p $((streams * 50)) | tee -a "$raw" >&2
for config in "${configs[@]}"; do
    echo "== moh-bench --streams $streams --seconds $seconds $config" >&2
    # shellcheck disable=SC2086
    "$bench" --streams "$streams" --seconds "$seconds" $config | tee -a "$raw" >&2
done
echo "== blaster (ceiling, again)" >&2
"$blaster" -s "$seconds" | tee -a "$raw" >&2

echo
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $streams streams, ${seconds} s per run," \
    "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$raw" <<'PY'
import re, sys
ceiling, paced, runs = [], None, []
for line in open(sys.argv[1]):
    m = re.match(r"blaster( \(paced\))?: (\d+) packets/s sent, (\d+) packets/s received.*sender ([\d.]+)%", line)
    if m:
        if m.group(1):
            paced = (int(m.group(3)), float(m.group(4)))
        else:
            ceiling.append(int(m.group(3)))
    if line.startswith("RESULT "):
        runs.append(dict(kv.split("=") for kv in line.split()[1:]))
top = sum(ceiling) / len(ceiling)
print(f"loopback ceiling (C sendmmsg, unpaced): {' and '.join(f'{c:,}' for c in ceiling)} packets/s received, mean {top:,.0f}")
if paced:
    print(f"C blaster paced at the MOH rate: {paced[0]:,} packets/s, sender thread {paced[1]:.1f} % of a core")
print()
print("| streams | shards | SCHED_FIFO | RTP sent pps | received pps | of ceiling | jitter p50 / p99 / max (µs) | tick lateness p99 (µs) | pacer CPU | process CPU | bytes/stream |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in runs:
    rt = r["realtime"] if r["realtime"] != "0" else "no"
    print(f"| {int(r['streams']):,} | {r['shards']} | {rt} | {int(r['sent_pps']):,} | {int(r['received_pps']):,} | {int(r['received_pps']) / top:.2f} | "
          f"{r['jitter_p50_us']} / {r['jitter_p99_us']} / {r['jitter_max_us']} | ≤ {r['tick_p99_us']} | "
          f"{float(r['pacer_cpu']) * 100:.0f} % | {float(r['process_cpu']) * 100:.0f} % | {int(r['bytes_per_stream']):,} |")
PY
