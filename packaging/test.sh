#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's test command: installs what is missing, builds, and runs every test (benchmarks excluded).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/deps.sh"
# Benchmarks are built by tests/bench/run-*.sh in Release; the suite does not need them.
BJB_WERROR="${BJB_WERROR:-ON}" "$here/build.sh" -DBJB_WERROR="${BJB_WERROR:-ON}" -DBJB_BUILD_BENCH="${BJB_BUILD_BENCH:-OFF}"
cd "$here/../${BUILD_DIR:-build}"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)" -LE bench
