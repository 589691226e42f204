#!/usr/bin/env bash
# ACLED yardstick: turn ACLED's own rows (notes as text) into an evaluation set, run sitrep
# on it and score it. The rows stay in ../shared (ACLED's terms: evaluate, never copy).
#
# usage: scripts/eval_acled.sh [--country NAME ...]
#   SITREP=path/to/sitrep (default: the newest build-*/sitrep under the repo)
#   SHOW_ERRORS=N prints the first N errors.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SITREP_SHARED_DIR:-$ROOT/../shared}"
SITREP="${SITREP:-$(ls -t "$ROOT"/build*/sitrep 2>/dev/null | head -1)}"
[[ -x "$SITREP" ]] || { echo "no sitrep binary; set SITREP=" >&2; exit 2; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

python3 "$SHARED/eval/acled_to_gold.py" "$SHARED/external/acled/acled_rows.csv" "$TMP" "$@"
"$SITREP" extract "$TMP/articles.jsonl" -q -o "$TMP/pred.jsonl" --data-dir "$ROOT/data"
python3 "$SHARED/eval/score.py" "$TMP/gold.jsonl" "$TMP/pred.jsonl" --show-errors "${SHOW_ERRORS:-0}" \
  | tee "$TMP/score.txt"
# The headline: every ACLED row is one required event, so tp/(tp+fn) is event recall.
python3 - "$TMP/score.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"tp (\d+) fp (\d+) fn (\d+)", text)
tp, fp, fn = map(int, m.groups())
print(f"ACLED yardstick: event recall {tp / max(tp + fn, 1):.3f} ({tp}/{tp + fn} rows)")
for field in ("event_type", "sub_event_type", "actor1", "actor2", "location", "fatalities"):
    r = re.search(rf"^\s*{field}\s+([\d.]+)\s+([\d.]+)", text, re.M)
    print(f"  field recall {field:15s} {r.group(2) if r else 'n/a'}")
PY
