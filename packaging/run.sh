#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's run command: installs what is missing, builds, and starts the browser. With DIR it opens that
# journal. Without, it writes a demo journal in a temporary directory, keeps a simulated server writing to it
# (rotation at 64 KiB and pruning to 8 files, so both show within a minute), opens it in follow mode, and
# stops the writer when the window closes. The starting events are dated up to now (demo-journal.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# With the fonts for the CJK and emoji that summaries hold, which a machine without a desktop lacks.
"$here/deps.sh" fonts-noto-cjk fonts-noto-color-emoji
"$here/build.sh" >/dev/null
bin="$here/../${BUILD_DIR:-build}/bin"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    cat >&2 <<MSG
No display to open the browser on. Headless, you can:
  $bin/bamboo-journal-browser DIR --screenshot window.png    (render the window to a PNG)
  $bin/bamboo-journal info DIR | doctor DIR | tail DIR       (the command-line tool)
or give it a virtual display: xvfb-run -a $0 ${1:-}
MSG
    exit 1
fi

if [ $# -gt 0 ]; then
    exec "$bin/bamboo-journal-browser" "$@"
fi

demo="$(mktemp -d -t bamboo-journal-demo.XXXXXX)"
mkdir -p "$demo/events"
# Seeded up to now, so the live writer's events continue the same timeline.
"$here/demo-journal.sh" "$bin/bamboo-journal" "$demo" 2000 65536 8 "$RANDOM"
"$bin/bamboo-journal" simulate "$demo" --rate 20 --threshold 65536 --keep 8 --seed "$RANDOM" 2>/dev/null &
writer=$!
trap 'kill $writer 2>/dev/null; wait $writer 2>/dev/null || true' EXIT
echo "demo journal: $demo (a simulated server writes 20 events a second until the window closes)"
"$bin/bamboo-journal-browser" "$demo"
