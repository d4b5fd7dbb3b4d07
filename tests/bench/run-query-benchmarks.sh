#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Queries over one simulated journal: bench_query (the browser's filter: reading lines, cold and warm column
# cache), bamboo-journal info --where (a whole run of the tool, index included), jq -c 'select(...)' and
# lnav's :filter-in (lnav reads these lines as text: a regular expression over the line, not a field).
#   tests/bench/run-query-benchmarks.sh [BUILD_DIR]   (a Release build; default build-release, configured here)
# Environment: BENCH_DIR (default /tmp/bjb-query-bench), RUNS (default 3).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build-release}"
"$root/packaging/deps.sh" jq lnav time
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBJB_BUILD_GUI=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target bamboo-journal bench_query >/dev/null
cli="$build/bin/bamboo-journal"
bench="${BENCH_DIR:-/tmp/bjb-query-bench}"
runs="${RUNS:-3}"
events="$bench/events"
if [ ! -f "$bench/.complete" ]; then
    rm -rf "$bench"
    mkdir -p "$bench"
    "$cli" simulate "$events" --count 1040000 --seed 42 2>/dev/null
    touch "$bench/.complete"
fi
files=("$events"/*.jsonl)
echo "journal: ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes; load: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "${files[@]}" >/dev/null # warm the page cache

echo; echo "== bench_query (best of $runs)"
"$build/bin/bench_query" "$events" "$runs"

# Per case: the --where, the jq filter, and lnav's regular expression (the same lines where the field is
# written compactly; "status" at the event's top level is approximated by its first nesting level).
wheres=('event.role = user' 'event.status = blocked' 'event.tool_name ~ /^(Bash|Edit)$/'
        'event.usage.total_tokens > 10000')
jqs=('select(.event.role == "user")' 'select(.event.status == "blocked")'
     'select((.event.tool_name // "") | test("^(Bash|Edit)$"))' 'select((.event.usage.total_tokens // 0) > 10000)')
res=('"role":"user"' '^\{[^{]*\{[^{]*"status":"blocked"' '"tool_name":"(Bash|Edit)"'
     '"total_tokens":(1000[1-9]|100[1-9][0-9]|10[1-9][0-9]{2}|1[1-9][0-9]{3}|[2-9][0-9]{4}|[1-9][0-9]{5,})[,}]')
for i in "${!wheres[@]}"; do
    where="${wheres[$i]}"
    echo; echo "== $where"
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "bamboo-journal info --where: %e s wall, %U s user, %S s sys, %M KiB" \
            "$cli" info "$events" --where "$where" --json | sed -n 's/.*"matching":\([0-9]*\)}$/  matching \1/p'
    done
    /usr/bin/time -f "jq: %e s wall, %U s user, %S s sys, %M KiB" \
        bash -c 'cat "${@:2}" | jq -c "$1" | wc -l' _ "${jqs[$i]}" "${files[@]}"
    /usr/bin/time -f "lnav :filter-in: %e s wall, %U s user, %S s sys, %M KiB" \
        bash -c 'lnav -n -c ":filter-in $1" "${@:2}" | wc -l' _ "${res[$i]}" "${files[@]}"
done
