#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes the demo's starting journal into DIR (a bamboo directory): COUNT simulated events, rotating at
# THRESHOLD bytes and keeping KEEP files, dated up to now (a steady 20 events a second ending at this
# moment), so the live writer that run.sh starts next continues the same timeline instead of leaving a gap
# of days. Usage: demo-journal.sh CLI DIR COUNT THRESHOLD KEEP [SEED]
set -euo pipefail
cli="$1" dir="$2" count="$3" threshold="$4" keep="$5" seed="${6:-1}"
mkdir -p "$dir/events"
"$cli" simulate "$dir" --count "$count" --threshold "$threshold" --keep "$keep" --seed "$seed" 2>/dev/null
shopt -s nullglob
files=("$dir"/events/events-*.jsonl)
[ ${#files[@]} -gt 0 ] || exit 0
# The simulator dates its events from a fixed start; move them all by the same number of seconds so the
# newest is now. Nested times (created_at) move with the event's ts.
last_line="$(tail -n 1 "${files[-1]}")"
last_ts="$(printf '%s' "$last_line" | sed -n 's/.*"ts":"\([0-9T:.-]*\)Z".*/\1/p' | cut -d. -f1)"
[ -n "$last_ts" ] || exit 0
shift_s=$(($(date -u +%s) - $(date -u -d "${last_ts}Z" +%s)))
for f in "${files[@]}"; do
    awk -v shift="$shift_s" '
        function days(y, m, d,    era, yoe, doy) {
            y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
            doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
            return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
        }
        function civil(z,    era, doe, yoe, y, doy, mp, d, m) {
            z += 719468; era = int((z >= 0 ? z : z - 146096) / 146097); doe = z - era * 146097
            yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
            y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
            mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
            m = mp + (mp < 10 ? 3 : -9); y += (m <= 2)
            return sprintf("%04d-%02d-%02d", y, m, d)
        }
        {
            out = ""; rest = $0
            while (match(rest, /[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/)) {
                t = substr(rest, RSTART, RLENGTH)
                s = days(substr(t, 1, 4) + 0, substr(t, 6, 2) + 0, substr(t, 9, 2) + 0) * 86400 \
                    + substr(t, 12, 2) * 3600 + substr(t, 15, 2) * 60 + substr(t, 18, 2) + shift
                day = int(s / 86400); r = s - day * 86400
                out = out substr(rest, 1, RSTART - 1) civil(day) \
                      sprintf("T%02d:%02d:%02d", int(r / 3600), int((r % 3600) / 60), r % 60)
                rest = substr(rest, RSTART + RLENGTH)
            }
            print out rest
        }' "$f" >"$f.tmp"
    mv "$f.tmp" "$f"
done
