#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The demo's starting journal ends now, so the live writer continues its timeline: its newest event is dated
# within a minute of now, its oldest within the few minutes before, and every file still reads cleanly.
# Usage: demo_journal_test.sh CLI
set -euo pipefail
cli="$1"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/../packaging/demo-journal.sh" "$cli" "$work/demo" 2000 65536 8 7
"$cli" doctor "$work/demo" >/dev/null
now=$(date -u +%s)
ts_of() { sed -n 's/^{"seq":[0-9]*,"ts":"\([0-9T:-]*\)[.0-9]*Z".*/\1Z/p' | head -n 1; }
"$cli" read "$work/demo" >"$work/lines"
newest=$(date -u -d "$(tail -n 1 "$work/lines" | ts_of)" +%s)
oldest=$(date -u -d "$(head -n 1 "$work/lines" | ts_of)" +%s)
created=$(grep -m 1 -o '"created_at":"[0-9T:-]*' "$work/lines" | head -n 1 | cut -d'"' -f4)
echo "newest $((now - newest)) s ago, oldest $((now - oldest)) s ago, a created_at: $created"
[ $((now - newest)) -ge 0 ] && [ $((now - newest)) -le 60 ] || { echo "newest event not dated now" >&2; exit 1; }
[ $((now - oldest)) -le 3600 ] || { echo "oldest event dated more than an hour ago" >&2; exit 1; }
[ "$oldest" -le "$newest" ] || { echo "events out of time order" >&2; exit 1; }
[ $(( $(date -u -d "${created}Z" +%s) )) -ge $((now - 3600)) ] || { echo "nested times not moved" >&2; exit 1; }
