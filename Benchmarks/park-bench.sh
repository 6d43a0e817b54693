#!/usr/bin/env bash
# Call park under sipp load (issue 5): park+retrieve cycles per second, park latency, CPU and memory of `callpark serve`,
# and calls held parked at once with music.
#
# One cycle = a directed park and its retrieve, on an orbit of its own (FLOWS 2 and 4):
#   parkee    (Benchmarks/sipp/park-parkee.xml):    INVITE sip:ORBIT@DOMAIN + Referred-By [407, ACK, INVITE], 200,
#                                                   ACK; music; REFER from the service, 202, NOTIFY 100, NOTIFY 200,
#                                                   the service's BYE, 200
#   retriever (Benchmarks/sipp/park-retriever.xml): PARKED_MS later, INVITE sip:ORBIT@DOMAIN [407, ACK, INVITE], 200,
#                                                   ACK, BYE, 200
# Two sipp instances offer RATE calls/s each on the same orbit list (call N of both uses orbit N), against one pool
# of a one-pool deployment served by the release `callpark serve` (SQLite store, logging at LOG_LEVEL). Every INVITE
# is authenticated, either with a 407 round trip each ("challenge", what most phones do on each call) or with
# credentials sent at once on a nonce of the pool ("preemptive", a phone reusing the realm's nonce). The parkee's
# phone does not call the retriever (sipp cannot, see the scenario); it reports the transfer's success in its NOTIFY.
# Park latency is taken on the wire: a loopback capture (dumpcap) of the INVITEs and their 200/407.
#
#   Benchmarks/park-bench.sh [RATES] [SECONDS] [MODES]
#       RATES    offered cycles/s, comma-separated (default 100,200,300)
#       SECONDS  seconds of new cycles per rate (default 20)
#       MODES    space-separated: preemptive, challenge, both (the default: preemptive challenge) and/or hold
#   hold: HOLD_CALLS (5000) calls parked at once, never retrieved, offered at HOLD_RATE/s (250) with credentials sent
#   at once; after HOLD_SETTLE s (35: the INVITE server transactions' Timer L, 32 s, is over), HOLD_SECONDS (15) of
#   measurement: RSS per parked call, CPU, RTP packets/s reaching the music sink.
#   Environment: PARKED_MS (500) how long each cycle's call stays parked; LOG_LEVEL (info); PERF_RATE=R: perf record -g
#   of callpark for 10 s during the run at rate R; OUT (a new folder under /tmp) where every run's files are kept.
#
# Loopback only; each run stops by itself: sipp -m CALLS with -timeout, callpark stopped with SIGTERM after each run,
# the music sink exits with this script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
IFS=',' read -r -a rates <<<"${1:-100,200,300}"
seconds=${2:-20}
modes=${3:-both}
modes=${modes//both/preemptive challenge}
parked_ms=${PARKED_MS:-500}
log_level=${LOG_LEVEL:-info}
perf_rate=${PERF_RATE:-}
out=${OUT:-$(mktemp -d /tmp/park-bench.XXXXXX)}
mkdir -p "$out"
tools="python3 $root/Benchmarks/park-bench-tools.py"
domain=callpark.bench
orbit_first=20000 orbit_count=10000  # *20000..*29999 (a range holds at most 10,000): reused after 10,000 cycles

swift build -c release --product callpark >&2
callpark=$root/.build/release/callpark

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The music sink: the parkees' SDP names this socket, which is never read: once its buffer is full the kernel drops
# and counts every packet (park-bench-tools.py udpdrops). It exits when this script does.
sink_port=$(free_port)
python3 -c "
import os, socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $sink_port))
while os.getppid() == $$: time.sleep(1)" &
pids+=($!)

# start_server DIR: a one-pool deployment on free ports (pickupTimeout 600 s: no ring-back during a run) served by
# `callpark serve`; sets server_pid and sip_port once it is up.
start_server() {
    local dir=$1 admin_port
    sip_port=$(free_port); admin_port=$(free_port)
    cat >"$dir/deployment.yaml" <<YAML
domain: $domain
service:
  digestAlgorithms: [MD5, SHA-256]
pools:
  - name: pool-a
    sip: 127.0.0.1:$sip_port
    admin: 127.0.0.1:$admin_port
    callPark: { pickupTimeout: 600 }
users:
  - { name: alice, pool: pool-a, password: alice-bench-pw }
  - { name: bob, pool: pool-a, password: bob-bench-pw }
  - { name: dave, pool: pool-a, password: dave-bench-pw }
orbitRanges:
  - { name: bench, start: "*$orbit_first", end: "*$((orbit_first + orbit_count - 1))", pool: pool-a }
YAML
    "$callpark" serve --config "$dir/deployment.yaml" --data-dir "$dir/data" --log-level "$log_level" >"$dir/callpark.log" 2>&1 &
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 200); do grep -q "^serving" "$dir/callpark.log" && break; sleep 0.1; done
    grep -q "^serving" "$dir/callpark.log" || { echo "callpark did not start: $(tail -5 "$dir/callpark.log")" >&2; return 1; }
}

count_json() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo "?"; }

# run MODE RATE: one rate of park+retrieve cycles; prints a summary, keeps the files in $out/MODE-RATE.
run() {
    local mode=$1 rate=$2
    local dir=$out/$mode-$rate
    rm -rf "$dir"; mkdir -p "$dir"
    local calls=$((rate * seconds)) timeout=$((seconds + parked_ms / 1000 + 60))
    start_server "$dir"
    local server=$server_pid
    $tools credentials 127.0.0.1 "$sip_port" "$domain" "$dir/parkee.csv" alice alice-bench-pw '*' "$orbit_first" "$orbit_count" "$mode"
    $tools credentials 127.0.0.1 "$sip_port" "$domain" "$dir/retriever.csv" dave dave-bench-pw '*' "$orbit_first" "$orbit_count" "$mode"

    local common=(127.0.0.1:"$sip_port" -i 127.0.0.1 -r "$rate" -rp 1000 -m "$calls" -l 10000 -recv_timeout 10s
        -timeout "${timeout}s" -nostdin -key sipdomain "$domain" -key sink_port "$sink_port" -trace_stat -fd 1 -trace_err)
    local load_before music_before
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    music_before=$($tools udpdrops "$sink_port")
    (cd "$dir" && exec sipp "${common[@]}" -sf "$root/Benchmarks/sipp/park-parkee.xml" -inf parkee.csv -p "$(free_port)" \
        -mp "$(free_port)" -key user alice -key parker bob -stf parkee-stat.csv >parkee.out 2>&1 </dev/null) &
    local parkee=$!
    (cd "$dir" && exec sipp "${common[@]}" -sf "$root/Benchmarks/sipp/park-retriever.xml" -inf retriever.csv -p "$(free_port)" \
        -mp "$(free_port)" -d "$parked_ms" -key user dave -stf retriever-stat.csv >retriever.out 2>&1 </dev/null) &
    local retriever=$!
    pids+=("$parkee" "$retriever")
    $tools sample "$dir/usage.jsonl" "$server" "$parkee" "$retriever" &
    local sampler=$!
    pids+=("$sampler")
    # Latency on the wire: the INVITEs and their 200/407 at the pool's port, from the 3rd second to 3 s before the end.
    local window=$((seconds > 8 ? seconds - 6 : 2))
    (sleep 3; exec dumpcap -q -P -i lo -B 64 -s 2048 -a "duration:$window" -w "$dir/invites.pcap" \
        -f "udp port $sip_port and (udp[8:4] = 0x494e5649 or (udp[8:4] = 0x5349502f and (udp[16:4] = 0x32303020 or udp[16:4] = 0x34303720)))" \
        >"$dir/dumpcap.out" 2>&1) &
    local capture=$! perf=
    if [ "$rate" = "$perf_rate" ]; then
        (sleep 5; exec perf record -g -F 999 -p "$server" -o "$dir/perf.data" -- sleep 10 >"$dir/perf-record.out" 2>&1) &
        perf=$!
    fi
    wait "$parkee" || true
    wait "$retriever" || true
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    if [ -n "$perf" ]; then wait "$perf" || true; fi
    wait "$capture" || true
    local music=$(($($tools udpdrops "$sink_port") - music_before))
    # What the store holds once its writes have drained: no parked call left, one "retrieved" event per cycle.
    sleep 2
    local store=(--store "sqlite:$dir/data/callpark.sqlite") left retrieved
    left=$("$callpark" parked "${store[@]}" --json | count_json)
    retrieved=$("$callpark" events "${store[@]}" --limit 10000000 --json 2>/dev/null |
        python3 -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin) if e["kind"] == "retrieved"))' || echo "?")
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    if [ -f "$dir/perf.data" ]; then
        perf report -i "$dir/perf.data" --no-children --sort dso,symbol -g none --percent-limit 0.3 --stdio 2>/dev/null |
            grep -v '^#' | grep -v '^$' | swift demangle --simplified >"$dir/perf-self.txt" || true
        perf report -i "$dir/perf.data" --children --sort symbol -g none --percent-limit 1 --stdio 2>/dev/null |
            grep -v '^#' | grep -v '^$' | swift demangle --simplified >"$dir/perf-children.txt" || true
        perf report -i "$dir/perf.data" --no-children --sort comm -g none --stdio 2>/dev/null | grep '%' >"$dir/perf-threads.txt" || true
    fi
    {
        echo "== $mode $rate/s offered, $calls cycles, parked ${parked_ms} ms, load before: $load_before"
        echo "parkee:    $($tools stat "$dir/parkee-stat.csv")"
        echo "retriever: $($tools stat "$dir/retriever-stat.csv")"
        $tools latency "$dir/invites.pcap"
        grep -i "dropped" "$dir/dumpcap.out" | sed 's/^/capture: /' || true
        $tools usage "$dir/usage.jsonl" callpark="$server" sipp-parkee="$parkee" sipp-retriever="$retriever"
        echo "store: $left parked calls left, $retrieved retrieved events"
        echo "music: $music RTP packets reached the sink, $((music / calls)) per cycle"
    } | tee "$dir/summary.txt"
}

# hold: HOLD_CALLS calls parked at once and kept there (see the top of this file).
hold() {
    local n=${HOLD_CALLS:-5000} rate=${HOLD_RATE:-250} settle=${HOLD_SETTLE:-35} window=${HOLD_SECONDS:-15}
    local dir=$out/hold-$n
    rm -rf "$dir"; mkdir -p "$dir"
    start_server "$dir"
    local server=$server_pid
    sleep 2
    local rss_idle; rss_idle=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
    $tools credentials 127.0.0.1 "$sip_port" "$domain" "$dir/parkee.csv" alice alice-bench-pw '*' "$orbit_first" "$orbit_count" preemptive
    local park_seconds=$(((n + rate - 1) / rate))
    local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    (cd "$dir" && exec sipp 127.0.0.1:"$sip_port" -i 127.0.0.1 -r "$rate" -rp 1000 -m "$n" -l $((n + 100)) \
        -recv_timeout $((park_seconds + settle + window + 60))s -timeout $((park_seconds + settle + window + 90))s -nostdin \
        -key sipdomain "$domain" -key sink_port "$sink_port" -trace_stat -fd 1 -trace_err \
        -sf "$root/Benchmarks/sipp/park-parkee.xml" -inf parkee.csv -p "$(free_port)" -mp "$(free_port)" \
        -key user alice -key parker bob -stf parkee-stat.csv >parkee.out 2>&1 </dev/null) &
    local parkee=$!
    pids+=("$parkee")
    sleep $((park_seconds + settle))
    local parked_now music_before t0 t1 music rss_held
    parked_now=$("$callpark" parked --store "sqlite:$dir/data/callpark.sqlite" --json | count_json)
    music_before=$($tools udpdrops "$sink_port")
    t0=$(date +%s.%N)
    $tools sample "$dir/usage.jsonl" "$server" &
    local sampler=$!
    pids+=("$sampler")
    sleep "$window"
    kill "$sampler"
    wait "$sampler" 2>/dev/null || true
    music=$(($($tools udpdrops "$sink_port") - music_before))
    t1=$(date +%s.%N)
    rss_held=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
    kill "$parkee" 2>/dev/null || true
    wait "$parkee" 2>/dev/null || true
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    {
        echo "== hold: $n calls parked at $rate/s, measured ${window} s from ${settle} s after the last park, load before: $load_before"
        echo "parkee:    $($tools stat "$dir/parkee-stat.csv")"
        echo "store: $parked_now parked calls"
        $tools usage "$dir/usage.jsonl" callpark="$server"
        python3 -c "
n, idle, held, music, t = $n, $rss_idle, $rss_held, $music, $t1 - $t0
print(f'memory: RSS {idle / 1024:.1f} MB before the first park, {held / 1024:.1f} MB with {n} parked: {(held - idle) / n:.1f} KB per parked call')
print(f'music: {music / t:,.0f} RTP packets/s reached the sink ({n * 50:,} expected at 50 per call)')"
    } | tee "$dir/summary.txt"
}

echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), sipp $(sipp -v 2>/dev/null | grep -o 'v[0-9.]*' | head -1)," \
    "log level $log_level, parked ${parked_ms} ms, ${seconds} s per rate, files in $out"
for mode in $modes; do
    if [ "$mode" = hold ]; then
        hold
        continue
    fi
    for rate in "${rates[@]}"; do
        run "$mode" "$rate"
    done
done
