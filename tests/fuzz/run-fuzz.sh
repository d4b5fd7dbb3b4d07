#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer target with clang, replays every saved crash case, then fuzzes for a bounded time from a
# seed corpus the simulator writes (plus the hostile lines below).
#   tests/fuzz/run-fuzz.sh [SECONDS]     (default 60)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-60}"
build="${BUILD_DIR_FUZZ:-$root/build-fuzz}"
"$root/packaging/deps.sh" clang libclang-rt-14-dev
if [ ! -f "$build/CMakeCache.txt" ]; then
    CXX=clang++ CC=clang cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
        -DBJB_FUZZ=ON -DBJB_BUILD_GUI=OFF -DBJB_BUILD_TESTS=OFF >/dev/null
fi
# The seed corpus comes from the simulator: the test build's when there is one, else built here.
cli="${BJB_CLI:-$root/build/bin/bamboo-journal}"
targets=(fuzz_journal)
if [ ! -x "$cli" ]; then
    cli="$build/bin/bamboo-journal"
    targets+=(bamboo-journal)
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >/dev/null
fuzzer="$build/bin/fuzz_journal"

# Saved crash cases must stay fixed.
crashes=("$root"/tests/fuzz/crashes/*)
if [ -e "${crashes[0]}" ]; then
    "$fuzzer" "${crashes[@]}"
fi

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
"$cli" simulate "$corpus/journal" --count 400 --threshold 1000000000 --seed 5 2>/dev/null
i=0
while IFS= read -r line; do
    printf '%s\n' "$line" >"$corpus/seed-$i"
    i=$((i + 1))
    [ $i -ge 200 ] && break
done < <(cat "$corpus"/journal/*.jsonl)
head -c 20000 "$corpus"/journal/*.jsonl >"$corpus/seed-many"
rm -rf "$corpus/journal"
printf '{"seq":4,"ts":"broke' >"$corpus/seed-torn"
printf '{"seq":-0,"event":{"type":"x"}}\n{"seq":18446744073709551616}\n\xff\xfe\n\r\n' >"$corpus/seed-hostile"
printf '{"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":null,"event":{"type":"complete"}}\r\n' >"$corpus/seed-crlf"
mkdir -p "$corpus/found"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$root/tests/fuzz/crashes/" "$corpus/found" "$corpus" 2>&1 | tail -n 12
