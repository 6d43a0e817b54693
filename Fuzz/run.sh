#!/usr/bin/env bash
# Builds the SIPCore parser fuzzer (libFuzzer + AddressSanitizer) and runs it for a bounded time.
#
#   Fuzz/run.sh [--keep-going] [SECONDS] [-- LIBFUZZER_FLAGS...]      (SECONDS defaults to 60)
#
# Every input in Fuzz/regressions is replayed first. Seeds come from the RFC 4475/5118 torture messages
# ($TORTURE_DIR, by default ../shared/torture next to the repository), Benchmarks/c-parsers/messages and the
# regression inputs that pass; the corpus grows in Fuzz/corpus and crashing inputs land in Fuzz/crashes (both
# gitignored). --keep-going runs libFuzzer in fork mode and carries on after a crash, timeout or out-of-memory,
# so that one run can find several bugs. Exits 1 when a regression input fails or the run finds anything.
set -euo pipefail

cd "$(dirname "$0")/.."
keep_going=0
if [[ "${1:-}" == "--keep-going" ]]; then keep_going=1; shift; fi
seconds="${1:-60}"
shift || true
if [[ "${1:-}" == "--" ]]; then shift; fi
torture="${TORTURE_DIR:-../shared/torture}"
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"  # its crash handler trips ASan; libFuzzer prints the stack

echo "== building the fuzzer"
build=(swift build -c release --package-path Fuzz --scratch-path Fuzz/.build-fuzz -Xswiftc -sanitize=fuzzer,address)
"${build[@]}" 2>&1 | { grep -v "Cannot export local symbol" || true; }  # the linker's ASan noise
[[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "build failed" >&2; exit 2; }
fuzzer="$("${build[@]}" --show-bin-path)/SIPParserFuzz"

echo "== preparing the corpus"
mkdir -p Fuzz/corpus Fuzz/crashes
seeds=0
for f in "$torture"/rfc4475/{valid,invalid}/*.sip "$torture"/rfc5118/{valid,invalid}/*.sip \
    Benchmarks/c-parsers/messages/*.sip; do
    [[ -f "$f" ]] || continue
    cp "$f" "Fuzz/corpus/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
    seeds=$((seeds + 1))
done
# Regression inputs run once each first; those that pass seed the corpus, those that fail are reported (and
# left out, so that a known bug does not stop the fuzzing).
failed=()
rm -f Fuzz/corpus/seed-regression-*
for f in Fuzz/regressions/*; do
    [[ -f "$f" ]] || continue
    if "$fuzzer" "$f" >Fuzz/.build-fuzz/regression.log 2>&1; then
        cp "$f" "Fuzz/corpus/seed-regression-$(basename "$f")"
        seeds=$((seeds + 1))
    else
        failed+=("$f")
        echo "REGRESSION $f: $(grep -m1 -E 'Fatal error|ERROR:' Fuzz/.build-fuzz/regression.log || echo 'fails')"
    fi
done
[[ -d "$torture" ]] || echo "warning: no torture messages at $torture (set TORTURE_DIR)" >&2
echo "$seeds seed files, $(find Fuzz/corpus -type f | wc -l) corpus files"

log=Fuzz/.build-fuzz/last-run.log
marker=Fuzz/.build-fuzz/run-started
touch "$marker"
flags=(-max_total_time="$seconds" -max_len=4096 -timeout=10 -dict=Fuzz/sip.dict -artifact_prefix=Fuzz/crashes/ -print_final_stats=1)
if ((keep_going)); then flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1); fi
echo "== $fuzzer ${flags[*]} $* Fuzz/corpus"
status=0
start=$SECONDS
"$fuzzer" "${flags[@]}" "$@" Fuzz/corpus 2>&1 | tee "$log" || status=$?

found="$(find Fuzz/crashes -type f -newer "$marker" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)"
runs="$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | awk '{print $2}' || true)"  # normal end
[[ -n "$runs" ]] || runs="$(grep -oE 'number_of_executed_units: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)"  # crash
[[ -n "$runs" ]] || runs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)"  # fork mode
elapsed=$((SECONDS - start))
rate=$(( ${runs:-0} / (elapsed > 0 ? elapsed : 1) ))
echo
summary="fuzz summary: ${runs:-?} runs in ${elapsed}s (${rate} exec/s)"
if [[ -z "$found" && $status -eq 0 && ${#failed[@]} -eq 0 ]]; then
    echo "$summary, no crash"
    exit 0
fi
count=$(echo "$found" | grep -c . || true)
echo "$summary, $count new crash artifact(s), ${#failed[@]} failing regression input(s), libFuzzer exit $status"
echo "$found" | head -n 20 | sed '/^$/d; s/^/  /'
if ((${#failed[@]})); then printf '  %s\n' "${failed[@]}"; fi
exit 1
