#!/usr/bin/env bash
# Pools: registrar and proxy, callpark against Kamailio 5.6 (issue 4), driven by the same sipp scenarios in the same
# run, on 127.0.0.1, everything sharing the machine's cores:
#
#   1. authenticated REGISTER per second against one pool (Benchmarks/sipp/register-auth.xml: REGISTER, 401,
#      REGISTER with credentials, 200; a different user per call from an injection file);
#   2. calls per second proxied through the pool between two sipp instances (Benchmarks/sipp/call-auth.xml: INVITE,
#      407, ACK, INVITE with proxy credentials, 180, 200, ACK, BYE, 200, a different caller per call; the callee is
#      one sipp UAS, Benchmarks/sipp/callee.xml, registered as the user `callee`); Record-Route on both servers;
#   3. memory per registered user: MEM_USERS users configured, each registered once (one binding each).
#
# Rates ramp up in steps of STEP_SECONDS; callpark and Kamailio take turns at each rate. A step passes when at most
# 0.1 % of its calls failed, every call ended, and the achieved rate (successful calls / time from the first call to
# the end) is at least 95 % of the offered one. A server leaves the ramp after two failed steps in a row.
#
#   Benchmarks/pool-bench.sh [USERS] [MEM_USERS]        (defaults 1000 users, 100000 for the memory test)
#
# Environment: STEP_SECONDS (5), REG_RATES, CALL_RATES (space-separated offered rates), MEM_RATE (REGISTER/s for the
# memory test, 2000), KAMAILIO_CHILDREN (UDP worker processes, 4), PHASES ("register call memory"), NOAUTH_REFERENCE
# (1: also ramp Kamailio with authentication off, the issue's 8,000 REGISTER/s reference), KEEP (1: keep the
# temporary folder). Needs sipp (sip-tester) and kamailio (apt-get install -y kamailio).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
users=${1:-1000}
mem_users=${2:-100000}
step=${STEP_SECONDS:-5}
reg_rates=${REG_RATES:-"1000 2000 2500 3000 3500 4000 5000 6000 7000 8000 9000 10000 12000 14000 16000"}
call_rates=${CALL_RATES:-"200 400 600 700 800 900 1000 1200 1400 1600 1800 2000 2200 2400"}
mem_rate=${MEM_RATE:-2000}
children=${KAMAILIO_CHILDREN:-4}
phases=${PHASES:-"register call memory"}
noauth_reference=${NOAUTH_REFERENCE:-1}
domain=callpark.test
scenarios=$root/Benchmarks/sipp
kamailio_cfg=$root/Benchmarks/kamailio/kamailio-registrar.cfg

command -v sipp >/dev/null || { echo "needs sipp: apt-get install -y sip-tester" >&2; exit 1; }
command -v kamailio >/dev/null || { echo "needs kamailio: apt-get install -y kamailio" >&2; exit 1; }
swift build -c release --product callpark >&2
callpark=$root/.build/release/callpark

tmp=$(mktemp -d /tmp/pool-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "${KEEP:-0}" = 1 ]; then echo "# kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
log() { echo "$*" >&2; }

# gen_users DIR N: DIR/users.csv (user;password, for sipp -inf), DIR/callee.csv, DIR/deployment.yaml (one pool on
# SIP_PORT, Record-Route on, MD5 challenged first because sipp answers only the first challenge) and DIR/kamdb (the
# same credentials as MD5 HA1 in a db_text table Kamailio's htable loads at startup).
gen_users() {
    local dir=$1 n=$2 sip_port=$3 admin_port=$4
    mkdir -p "$dir/kamdb"
    python3 - "$dir" "$n" "$domain" "$sip_port" "$admin_port" <<'PY'
import hashlib, sys
d, n, domain, sip, admin = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
names = [(f"user{i:06d}", f"pw{i * 7919 % 1000003:07d}x") for i in range(1, n + 1)] + [("callee", "callee-pw")]
with open(f"{d}/users.csv", "w") as f:
    f.write("SEQUENTIAL\n" + "".join(f"{u};{p}\n" for u, p in names[:-1]))
with open(f"{d}/callee.csv", "w") as f:
    f.write("SEQUENTIAL\ncallee;callee-pw\n")
with open(f"{d}/deployment.yaml", "w") as f:
    f.write(f"""domain: {domain}
service:
  digestAlgorithms: [MD5, SHA-256]   # sipp answers only the first challenge, and only MD5
  recordRoute: true                  # as Kamailio's record_route(): sipp sends in-dialog requests to its first hop
pools:
  - name: pool-a
    sip: 127.0.0.1:{sip}
    admin: 127.0.0.1:{admin}
users:
""")
    f.write("".join(f"  - {{ name: {u}, pool: pool-a, password: {p} }}\n" for u, p in names))
with open(f"{d}/kamdb/version", "w") as f:
    f.write("table_name(string) table_version(int) \nhtable:2\n")
with open(f"{d}/kamdb/htable", "w") as f:
    f.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int) \n")
    for i, (u, p) in enumerate(names, 1):
        f.write(f"{i}:{u}:0:0:{hashlib.md5(f'{u}:{domain}:{p}'.encode()).hexdigest()}:0\n")
PY
}

# hash_bits N: log2 of a hash table with at least N slots (at least 2^10).
hash_bits() { python3 -c "import math; print(max(10, math.ceil(math.log2(max(1, $1)))))"; }

# start_callpark DIR [from-store] → sets cp_pid; waits for "serving" (importing many users takes a while). With
# from-store it runs the deployment already in DIR/data's store instead of importing DIR/deployment.yaml again.
start_callpark() {
    local dir=$1 t0 config=(--config "$1/deployment.yaml")
    [ "${2:-}" = from-store ] && config=()
    t0=$(date +%s.%N)
    "$callpark" serve "${config[@]}" --data-dir "$dir/data" >"$dir/callpark.out" 2>&1 &
    cp_pid=$!
    pids+=("$cp_pid")
    for _ in $(seq 1200); do
        grep -q '^serving ' "$dir/callpark.out" 2>/dev/null && break
        kill -0 "$cp_pid" 2>/dev/null || { cat "$dir/callpark.out" >&2; exit 1; }
        sleep 0.25
    done
    grep -q '^serving ' "$dir/callpark.out" || { log "callpark did not start"; exit 1; }
    log "# callpark pid $cp_pid up in $(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')") s"
}

# start_kamailio DIR SIP_PORT USERS [EXTRA -A DEFINES...] → sets kam_pid, kam_ctl.
start_kamailio() {
    local dir=$1 port=$2 n=$3; shift 3
    local bits
    bits=$(hash_bits "$n")
    kam_ctl="unix:$dir/kamailio-$port.ctl"
    kamailio -f "$kamailio_cfg" -D -E -m 1024 -M 16 -w "$dir" \
        -A "LISTEN=udp:127.0.0.1:$port" -A "DBURL=\"text://$dir/kamdb\"" -A "CTLSOCK=\"$kam_ctl\"" \
        -A "CHILDREN=$children" -A "HTSPEC=\"users=>size=$bits;dbtable=htable;\"" -A "ULSIZE=$bits" "$@" \
        >"$dir/kamailio-$port.out" 2>&1 &
    kam_pid=$!
    pids+=("$kam_pid")
    for _ in $(seq 400); do
        kamcmd -s "$kam_ctl" core.uptime >/dev/null 2>&1 && break
        kill -0 "$kam_pid" 2>/dev/null || { cat "$dir/kamailio-$port.out" >&2; exit 1; }
        sleep 0.25
    done
    log "# kamailio pid $kam_pid up ($children UDP workers, hash tables 2^$bits)"
}

# stat_line CSV OFFERED CALLS → "ok failed elapsed achieved rt_ms retrans pass"
stat_line() {
    python3 - "$@" <<'PY'
import sys
path, offered, calls = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
rows = [l.rstrip("\n").split(";") for l in open(path) if l.strip()]
h, last = rows[0], rows[-1]
col = lambda name: last[h.index(name)]
ok, bad = int(col("SuccessfulCall(C)")), int(col("FailedCall(C)"))
start = float(col("StartTime").split("\t")[-1]); now = float(col("CurrentTime").split("\t")[-1])
elapsed = now - start
def ms(t):  # HH:MM:SS:usec
    hh, mm, ss, us = t.split(":"); return (int(hh) * 3600 + int(mm) * 60 + int(ss)) * 1000 + int(us) / 1000
rt = ms(col("ResponseTime1(C)"))
retrans = int(col("Retransmissions(C)"))
achieved = ok / elapsed if elapsed > 0 else 0
passed = bad <= 0.001 * max(1, ok + bad) and ok + bad >= calls and achieved >= 0.95 * offered
print(ok, bad, f"{elapsed:.2f}", f"{achieved:.0f}", f"{rt:.1f}", retrans, "pass" if passed else "FAIL")
PY
}

# run_sipp NAME PORT RATE CALLS SCENARIO INF [ARGS...] → prints the stat_line; the sipp output stays in $tmp/NAME.*,
# the CPU seconds sipp used in $tmp/NAME.time ("user system").
run_sipp() {
    local name=$1 port=$2 rate=$3 calls=$4 scenario=$5 inf=$6; shift 6
    local limit=$((rate > 1000 ? rate : 1000))
    /usr/bin/time -o "$tmp/$name.time" -f "%U %S" sipp 127.0.0.1:"$port" -sf "$scenarios/$scenario" -inf "$inf" -key sipdomain "$domain" \
        -i 127.0.0.1 -p "$(free_port)" -mp "$(free_port)" -cp "$(free_port)" \
        -r "$rate" -rp 1000 -m "$calls" -l "$limit" -recv_timeout 10000 -timeout "$((calls / rate + 60))s" \
        -nostdin -trace_stat -stf "$tmp/$name.csv" -fd 1 "$@" >"$tmp/$name.out" 2>&1 </dev/null || true
    stat_line "$tmp/$name.csv" "$rate" "$calls"
}

# cpu_ticks PID: CPU time (clock ticks, 1/100 s) used so far by PID (all its threads) and its child processes.
cpu_ticks() {
    local total=0 p
    for p in "$1" $(pgrep -P "$1" || true); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

results=$tmp/results.tsv
printf 'phase\tserver\toffered\tsuccessful\tfailed\tseconds\tachieved\tresponse_ms\tretransmissions\tverdict\tserver_cpu_s\tserver_cpu_us_per_call\tsipp_cpu_s\tload1\n' >"$results"

# ramp PHASE SCENARIO "RATES" SERVER:PORT:PID... [-- SIPP ARGS...]: each rate in turn for every server still ramping;
# records the server's CPU time over the step (all its threads and processes), sipp's, and the load average.
ramp() {
    local phase=$1 scenario=$2 rates=$3; shift 3
    local targets=() args=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do targets+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    args=("$@")
    declare -A fails=()
    for rate in $rates; do
        local any=0
        for target in "${targets[@]}"; do
            local server port pid
            IFS=: read -r server port pid <<<"$target"
            [ "${fails[$server]:-0}" -ge 2 ] && continue
            any=1
            local calls=$((rate * step)) line load c0 c1 sippcpu
            load=$(cut -d' ' -f1 /proc/loadavg)
            c0=$(cpu_ticks "$pid")
            line=$(run_sipp "$phase-$server-$rate" "$port" "$rate" "$calls" "$scenario" "$tmp/rate/users.csv" "${args[@]}")
            c1=$(cpu_ticks "$pid")
            sippcpu=$(awk '{printf "%.2f", $1 + $2}' "$tmp/$phase-$server-$rate.time" 2>/dev/null || echo "?")
            read -r ok bad secs achieved rt retrans verdict <<<"$line"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$server" "$rate" "$ok" "$bad" "$secs" \
                "$achieved" "$rt" "$retrans" "$verdict" "$(awk "BEGIN {printf \"%.2f\", ($c1 - $c0) / 100}")" \
                "$(awk "BEGIN {printf \"%.0f\", ($c1 - $c0) * 10000 / ($ok > 0 ? $ok : 1)}")" "$sippcpu" "$load" | tee -a "$results"
            if [ "$verdict" = pass ]; then fails[$server]=0; else fails[$server]=$((${fails[$server]:-0} + 1)); fi
        done
        [ "$any" = 1 ] || break
    done
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
# pss_kb PID: proportional set size of PID and its children (Kamailio's processes share its memory).
pss_kb() {
    local total=0 p
    for p in "$1" $(pgrep -P "$1" || true); do
        total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
shm_used() { kamcmd -s "$1" core.shmmem 2>/dev/null | awk '/real_used/ {print $2}'; }

log "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uptime | sed 's/.*load/load/')"
log "# sipp $(sipp -v 2>&1 | grep -o 'v[0-9][0-9.]*' | head -1), $(kamailio -v | head -1), $users users, steps of $step s"

if [[ " $phases " == *" register "* || " $phases " == *" call "* ]]; then
    cp_port=$(free_port) kam_port=$(free_port) noauth_port=$(free_port)
    gen_users "$tmp/rate" "$users" "$cp_port" "$(free_port)"
    start_callpark "$tmp/rate"
    echo "callpark RSS at start with $users users: $(rss_kb "$cp_pid") kB" | tee "$tmp/memory.txt"
    start_kamailio "$tmp/rate" "$kam_port" "$users"
    kam_main=$kam_pid kam_main_ctl=$kam_ctl
    echo "kamailio at start with $users users: shm real_used $(shm_used "$kam_ctl") B, Pss $(pss_kb "$kam_pid") kB" | tee -a "$tmp/memory.txt"
    targets=("callpark:$cp_port:$cp_pid" "kamailio:$kam_port:$kam_pid")

    if [[ " $phases " == *" register "* ]]; then
        ramp register register-auth.xml "$reg_rates" "${targets[@]}" -- -key contact_port 5999 -auth_uri "$domain"
        if [ "$noauth_reference" = 1 ]; then
            start_kamailio "$tmp/rate" "$noauth_port" "$users" -A NOAUTH
            ramp register-noauth register-noauth.xml "$reg_rates" "kamailio-noauth:$noauth_port:$kam_pid" -- -key contact_port 5999
            kill "$kam_pid"; wait "$kam_pid" 2>/dev/null || true
        fi
    fi

    if [[ " $phases " == *" call "* ]]; then
        # The callee: one sipp UAS per server, registered there as `callee` with the same scenario.
        call_targets=()
        for target in "${targets[@]}"; do
            IFS=: read -r server port _ <<<"$target"
            uas=$(free_port)
            sipp -sf "$scenarios/callee.xml" -i 127.0.0.1 -p "$uas" -mp "$(free_port)" -cp "$(free_port)" -nostdin \
                -timeout 1800s -trace_stat -stf "$tmp/callee-$server.csv" -fd 5 >"$tmp/callee-$server.out" 2>&1 </dev/null &
            pids+=("$!")
            line=$(run_sipp "callee-register-$server" "$port" 1 1 register-auth.xml "$tmp/rate/callee.csv" \
                -key contact_port "$uas" -auth_uri "$domain")
            [[ "$line" == "1 0 "* ]] || { log "callee did not register at $server: $line"; exit 1; }
            call_targets+=("$target")
        done
        ramp call call-auth.xml "$call_rates" "${call_targets[@]}" -- -key callee callee -auth_uri "callee@$domain"
    fi
    echo "callpark RSS after the ramps: $(rss_kb "$cp_pid") kB" | tee -a "$tmp/memory.txt"
    kill "$cp_pid" "$kam_main"
    wait "$cp_pid" "$kam_main" 2>/dev/null || true
fi

if [[ " $phases " == *" memory "* ]]; then
    # Memory: MEM_USERS configured users, then each registered once (one binding each) at MEM_RATE, then measured
    # again. callpark's RSS after the run also holds what the registration storm itself left behind (the server
    # transaction table keeps the capacity its peak needed: MEM_RATE × 2 transactions × 32 s of Timer J), so a
    # control run sends the same number of REGISTERs at the same rate cycling through only 1,000 users: the
    # difference between the two is what the bindings themselves cost. The control run loads the deployment from the
    # store the first run imported (no YAML import: its RSS at start is what 100,000 configured users cost).
    cp_port=$(free_port) kam_port=$(free_port)
    gen_users "$tmp/mem" "$mem_users" "$cp_port" "$(free_port)"
    head -1001 "$tmp/mem/users.csv" >"$tmp/mem/users-1000.csv"
    mem_register() {  # NAME PORT INF
        run_sipp "$1" "$2" "$mem_rate" "$mem_users" register-auth.xml "$3" -key contact_port 5999 -auth_uri "$domain"
    }
    for run in all control; do
        inf=$tmp/mem/users.csv
        [ "$run" = control ] && inf=$tmp/mem/users-1000.csv
        if [ "$run" = all ]; then start_callpark "$tmp/mem"; else start_callpark "$tmp/mem" from-store; fi
        sleep 2
        before=$(rss_kb "$cp_pid")
        line=$(mem_register "memory-callpark-$run" "$cp_port" "$inf")
        sleep 5
        after=$(rss_kb "$cp_pid")
        read -r ok bad _ <<<"$line"
        if [ "$run" = all ]; then
            all_delta=$((after - before))
            echo "callpark, $mem_users users configured: RSS $before kB; after $ok REGISTERs of distinct users ($bad failed)" \
                "at $mem_rate/s: $after kB = $(( all_delta * 1024 / (ok > 0 ? ok : 1) )) B per registered user" | tee -a "$tmp/memory.txt"
        else
            control_delta=$((after - before))
            echo "callpark control (deployment loaded from the store): RSS $before kB; after $ok REGISTERs of 1,000 users ($bad failed) at $mem_rate/s: $after kB;" \
                "bindings alone: $(( (all_delta - control_delta) * 1024 / (mem_users - 1000) )) B per registered user" | tee -a "$tmp/memory.txt"
        fi
        kill "$cp_pid"; wait "$cp_pid" 2>/dev/null || true
    done

    start_kamailio "$tmp/mem" "$kam_port" "$mem_users"
    sleep 2
    shm0=$(shm_used "$kam_ctl") pss0=$(pss_kb "$kam_pid")
    line=$(mem_register "memory-kamailio" "$kam_port" "$tmp/mem/users.csv")
    sleep 5
    shm1=$(shm_used "$kam_ctl") pss1=$(pss_kb "$kam_pid")
    registered=$(kamcmd -s "$kam_ctl" stats.get_statistics registered_users 2>/dev/null | awk -F' = ' '{print $2}')
    read -r ok bad _ <<<"$line"
    echo "kamailio, $mem_users users configured: shm real_used $shm0 B, Pss of its processes $pss0 kB; after $ok REGISTERs" \
        "($bad failed, usrloc registered_users $registered) at $mem_rate/s: shm $shm1 B = $(( (shm1 - shm0) / (ok > 0 ? ok : 1) )) B" \
        "per registered user; Pss $pss1 kB = $(( (pss1 - pss0) * 1024 / (ok > 0 ? ok : 1) )) B per registered user" | tee -a "$tmp/memory.txt"
    kill "$kam_pid"; wait "$kam_pid" 2>/dev/null || true
fi

echo
echo "## steps"
column -t -s $'\t' "$results"
echo
echo "## highest passing rate per server and phase"
python3 - "$results" <<'PY'
import sys, csv
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
best = {}
for r in rows:
    if r["verdict"] == "pass":
        k = (r["phase"], r["server"])
        if k not in best or int(r["offered"]) > int(best[k]["offered"]):
            best[k] = r
for (phase, server), r in sorted(best.items()):
    print(f"{phase:16} {server:16} offered {r['offered']:>6}/s  achieved {r['achieved']:>6}/s  mean response {r['response_ms']} ms"
          f"  server CPU {r['server_cpu_us_per_call']} us/call")
PY
[ -f "$tmp/memory.txt" ] && { echo; echo "## memory"; cat "$tmp/memory.txt"; }
