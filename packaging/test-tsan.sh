#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The threaded core (indexing, filtering, export, the tail, the watcher, the loader) under ThreadSanitizer.
# Qt is not instrumented: tests/tsan.supp suppresses reports inside it, and our own hand-offs across its pools
# are annotated (WorkerPool::handOff/takeOver). Any other report fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR_TSAN:-$root/build-tsan}"
"$root/packaging/deps.sh"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DBJB_SANITIZE=thread -DBJB_BUILD_GUI=OFF -DBJB_BUILD_BENCH=OFF >/dev/null
fi
tests=(tst_workerpool tst_filescanner tst_journalindex tst_journalreader tst_eventfilter tst_journalexporter tst_journalpruner
       tst_eventfinder tst_hostilejournal tst_journaltail tst_journalwatcher tst_eventtablemodel tst_journalloader
       tst_findcontroller tst_bookmarkmodel tst_sessionstate tst_querycompletionmodel)
cmake --build "$build" -j"$(nproc)" --target "${tests[@]}"
cd "$build"
regex="^($(IFS='|'; echo "${tests[*]}"))\$"
TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$root/tests/tsan.supp" \
    ctest --output-on-failure -j"$(nproc)" -R "$regex" --timeout 300
