#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer (any report fails).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR_ASAN:-$root/build-asan}"
"$root/packaging/deps.sh"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
        -DBJB_SANITIZE=address,undefined -DBJB_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)"
cd "$build"
QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0" \
    ctest --output-on-failure -j"$(nproc)" -LE "bench|package|soak" --timeout 300
