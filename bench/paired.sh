#!/usr/bin/env bash
# Paired A/B timing with public tools: runs command A and command B in turn (A B A B ...) N
# times, each under /usr/bin/time, and prints the median whole-process CPU (user + sys) and
# peak RSS of each and the median of the per-pair ratios A/B. Pairing keeps the ratio
# meaningful on a shared, noisy machine whose speed drifts during the runs.
#
#   bench/paired.sh 5 "build/sitrep extract /tmp/ar.jsonl -q -o /dev/null" \
#                     "build/sitrep extract /tmp/en.jsonl -q -o /dev/null"
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: bench/paired.sh N 'COMMAND A' 'COMMAND B'" >&2
  exit 2
fi
n="$1" a="$2" b="$3"
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
run() {  # run CMD -> "cpu_seconds rss_kb"
  /usr/bin/time -f '%U %S %M' -o "$tmp/t" bash -c "$1" >/dev/null 2>"$tmp/err" ||
    { echo "command failed: $1" >&2; cat "$tmp/err" >&2; exit 1; }
  awk '{printf "%.3f %d\n", $1 + $2, $3}' "$tmp/t"
}
for ((i = 0; i < n; i++)); do
  read -r ca ra < <(run "$a")
  read -r cb rb < <(run "$b")
  echo "$ca $ra $cb $rb" >>"$tmp/pairs"
done
python3 - "$tmp/pairs" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
med = lambda xs: statistics.median(xs)
ratios = [r[0] / r[2] for r in rows if r[2] > 0]
print(f"A: CPU {med([r[0] for r in rows]):.3f} s (median of {len(rows)}), peak RSS {med([r[1] for r in rows]) / 1024:.0f} MiB")
print(f"B: CPU {med([r[2] for r in rows]):.3f} s, peak RSS {med([r[3] for r in rows]) / 1024:.0f} MiB")
if ratios:
    print(f"A/B CPU: {med(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
else:
    print("A/B CPU: B took no measurable CPU")
PY
