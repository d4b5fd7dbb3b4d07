#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmarks of bamboo-journal against wc -l, jq and lnav on one simulated journal, warm cache, same run.
#   tests/bench/run-benchmarks.sh [BUILD_DIR]    (a Release build; default build-release, configured here)
# Environment: BENCH_DIR (where the journal goes; default /tmp/bjb-bench), BENCH_FILES (default 64).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build-release}"
"$root/packaging/deps.sh" jq lnav time hyperfine
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target bamboo-journal bench_tail bench_gui bench_detail bench_session bench_filter bench_feed bench_parse >/dev/null
cli="$build/bin/bamboo-journal"
bench="${BENCH_DIR:-/tmp/bjb-bench}"
files="${BENCH_FILES:-64}"
events="$bench/events"

# 64 files of 8 MiB: stop one event into the 65th file, then drop it.
# The marker names the simulator's dialect: a journal written in older shapes is written again.
if [ ! -f "$bench/.complete-dialect-$files" ]; then
    rm -rf "$bench"
    mkdir -p "$events"
    "$cli" simulate "$events" --count $((files * 17500 + 20000)) --seed 42 2>/dev/null
    while [ "$(ls "$events" | wc -l)" -gt "$files" ]; do rm -f "$events/$(ls "$events" | tail -n 1)"; done
    touch "$bench/.complete-dialect-$files"
fi
info=$("$cli" info "$events" --json)
total=$(printf '%s' "$info" | sed -n 's/.*"events":\([0-9]*\),"malformed".*/\1/p')
bytes=$(du -cb "$events"/*.jsonl | tail -n 1 | cut -f1)
echo "journal: $(ls "$events" | wc -l) files, $total events, $bytes bytes"
cat "$events"/*.jsonl >/dev/null # warm the page cache

echo; echo "== info vs wc -l (whole journal)"
hyperfine -N --warmup 2 --runs 10 --export-markdown /tmp/bjb-info.md \
    "$cli info $events" "wc -l $(echo "$events"/*.jsonl | tr '\n' ' ')" 2>&1 | grep -E "Time|±|faster|Benchmark" || true

echo; echo "== peak RSS of info"
/usr/bin/time -v "$cli" info "$events" 2>&1 >/dev/null | grep -E "Maximum resident|Elapsed"

echo; echo "== read --since S --limit 100"
mid=$((total / 2))
hyperfine -N --warmup 3 --runs 20 "$cli read $events --since 0 --limit 100" \
    "$cli read $events --since $mid --limit 100" "$cli read $events --since $((total - 50)) --limit 100" 2>&1 \
    | grep -E "Time|Benchmark" || true

echo; echo "== export of 100,001 events vs jq"
a=$mid; b=$((mid + 100000))
hyperfine --warmup 1 --runs 5 \
    "$cli export $events --from $a --to $b -o /tmp/bjb-export.jsonl" 2>&1 | grep -E "Time|Benchmark" || true
hyperfine --runs 1 "cat $events/*.jsonl | jq -c 'select(.seq>=$a and .seq<=$b)' > /tmp/bjb-jq.jsonl" 2>&1 \
    | grep -E "Time|Benchmark" || true
"$cli" read "$events" --since $((a - 1)) --limit 100001 > /tmp/bjb-source.jsonl
cmp /tmp/bjb-export.jsonl /tmp/bjb-source.jsonl && echo "export is byte-identical to the source lines ($(wc -l < /tmp/bjb-export.jsonl) lines)"
cmp -s /tmp/bjb-export.jsonl /tmp/bjb-jq.jsonl && echo "jq's output is identical too" || echo "jq's output differs (it re-serializes)"

echo; echo "== lnav loading the same files (headless)"
hyperfine --runs 3 "lnav -n -c ':goto 100%' $(echo "$events"/*.jsonl | tr '\n' ' ')" 2>&1 | grep -E "Time|Benchmark" || true

echo; echo "== live tail: a simulated server in another process, rotation at 1 MiB, prune to 8 files"
tailbench="$build/bin/bench_tail $cli ${BENCH_DIR:-/tmp/bjb-bench}-tail"
$tailbench --rate 1000 --seconds 30 --threshold 1048576 --keep 8 2>/dev/null
for rate in 20000 60000 150000; do
    $tailbench --rate $rate --seconds 30 --threshold 1048576 --keep 8 2>/dev/null
done
$tailbench --idle --seconds 10 2>/dev/null

echo; echo "== the live feed: a server in the benchmark's process, bamboo-journal tail URL / record URL OUT as children"
feedbench="$build/bin/bench_feed $cli ${BENCH_DIR:-/tmp/bjb-bench}-feed"
$feedbench latency --rate 1000 --seconds 30 2>/dev/null
$feedbench replay --events 300000 2>/dev/null
$feedbench live --rate 20000 --seconds 10 2>/dev/null

echo; echo "== a complete parse against its floors, one thread, the same journal in memory"
"$build/bin/bench_parse" "$events" --runs 5 2>/dev/null

echo; echo "== the browser on the same journal (offscreen, one process)"
"$build/bin/bench_gui" "$cli" "$events" --tail-seconds 30 2>/dev/null

echo; echo "== the detail pane on 200 KiB, 5 MiB and 50 MiB events (offscreen, one process)"
"$build/bin/bench_detail" "${BENCH_DIR:-/tmp/bjb-bench}-detail" 2>/dev/null
echo; echo "== a session's state at a seq (its own journal of 1,040,000 events)"
"$build/bin/bench_session" "$cli" "${BENCH_DIR:-/tmp/bjb-bench}-session" 2>/dev/null
