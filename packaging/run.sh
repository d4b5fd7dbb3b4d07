#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's run command. With DIR: shows that journal. Without: writes a demo journal in a temporary
# directory with a live simulated writer (small rotation threshold, pruning to 8 files) and follows it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/deps.sh"
"$here/build.sh"
cli="$here/../${BUILD_DIR:-build}/bin/bamboo-journal"

if [ $# -gt 0 ]; then
    "$cli" info "$1"
    "$cli" doctor "$1" || true
    exit 0
fi

demo="$(mktemp -d -t bamboo-journal-demo.XXXXXX)"
mkdir -p "$demo/events"
"$cli" simulate "$demo" --count 2000 --threshold 65536 --keep 8 --seed "$RANDOM"
"$cli" simulate "$demo" --rate 25 --threshold 65536 --keep 8 --seed "$RANDOM" 2>/dev/null &
writer=$!
trap 'kill $writer 2>/dev/null; wait $writer 2>/dev/null; echo; echo "demo journal left in $demo"' EXIT
trap 'exit 0' INT TERM
echo "demo journal: $demo (a simulated server is writing to it; Ctrl-C to stop)"
"$cli" info "$demo"
echo
echo "following new events (bamboo-journal tail):"
"$cli" tail "$demo" --since "$("$cli" info "$demo" --json | sed -n 's/.*"max_seq":\([0-9]*\).*/\1/p')" | cut -c1-160
