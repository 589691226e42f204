#!/usr/bin/env bash
# End-to-end throughput of `sitrep extract` on the benchmark corpus, on one thread and on
# every core: MB/s, articles/s, per-core figures and peak RSS (from /usr/bin/time -v,
# Debian package `time`). Results are printed and written to bench/corpus/results.txt, which
# is git-ignored with the corpus: figures depend on the machine, the README keeps a summary.
#
#   bench/throughput.sh                     # uses build/sitrep and data/
#   SITREP_BIN=build-x/sitrep SITREP_DATA_DIR=/tmp/data bench/throughput.sh
#   CORPUS=/tmp/small.jsonl CORPUS_MB=2 bench/throughput.sh     # corpus built if missing
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
bin="${SITREP_BIN:-$repo/build/sitrep}"
data_dir="${SITREP_DATA_DIR:-$repo/data}"
corpus="${CORPUS:-$here/corpus/corpus.jsonl}"
results="${RESULTS:-$here/corpus/results.txt}"
cores="$(nproc)"
mkdir -p "$(dirname "$results")"

if [[ ! -x "$bin" ]]; then
  echo "no sitrep binary at $bin (build it, or set SITREP_BIN)" >&2
  exit 1
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "/usr/bin/time missing: apt-get install time" >&2
  exit 1
fi
if [[ ! -s "$corpus" ]]; then
  python3 "$here/make_corpus.py" --out "$corpus" --mb "${CORPUS_MB:-50}"
fi

bytes="$(stat -c %s "$corpus")"
articles="$(wc -l <"$corpus")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# run JOBS: extract the corpus with JOBS threads, print "seconds user_sys_seconds rss_kb".
run() {
  local jobs="$1" log="$tmp/time.$1"
  if ! /usr/bin/time -v -o "$log" "$bin" extract "$corpus" -j "$jobs" -q -o /dev/null \
      --data-dir "$data_dir" 2>"$tmp/err.$jobs"; then
    echo "sitrep extract -j $jobs failed:" >&2
    cat "$tmp/err.$jobs" "$log" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      wall = s
    }
    /User time/ { cpu += $2 }
    /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%s %s %s\n", wall, cpu, rss }' "$log"
}

{
  printf 'sitrep extract throughput  %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
  printf 'binary  %s (repo HEAD %s)\n' "$bin" "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
  printf 'corpus  %s: %.1f MB, %d articles\n' "$corpus" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$articles"
  printf 'machine %s cores, %s\n\n' "$cores" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  printf '%-6s %8s %8s %10s %11s %12s %12s %9s\n' jobs wall_s cpu_s MB/s articles/s MB/s/core MB/s/cpu-s RSS_MB
  for jobs in 1 "$cores"; do
    read -r wall cpu rss < <(run "$jobs")
    awk -v j="$jobs" -v w="$wall" -v c="$cpu" -v r="$rss" -v b="$bytes" -v a="$articles" 'BEGIN {
      mbs = b / 1e6 / w
      printf "%-6d %8.2f %8.2f %10.2f %11.0f %12.2f %12.2f %9.0f\n",
        j, w, c, mbs, a / w, mbs / j, b / 1e6 / c, r / 1024
    }'
    [[ "$cores" == 1 ]] && break
  done
  printf '\nMB = 10^6 bytes of JSONL input. MB/s/core = wall throughput / jobs;\n'
  printf 'MB/s/cpu-s = input MB per CPU second (user+sys). Bar: 5 MB/s per core, goal 20.\n'
} | tee "$results"
