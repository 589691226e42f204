#!/bin/sh
# Fuzzes one libFuzzer target for a bounded time from its seeds (fuzz/make_seeds.py), and
# fails on any crash, leak, out-of-memory or timeout. ctest runs it for every target when
# SITREP_FUZZ_SECONDS > 0; see fuzz/README.md for longer runs.
#
#   fuzz/run.sh BINARY TARGET SECONDS WORKDIR
#
# WORKDIR/corpus/TARGET keeps what the fuzzer learned (reused by the next run);
# WORKDIR/artifacts/TARGET gets the input of any failure.
set -u
bin=$1 target=$2 seconds=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
seeds=$work/seeds/$target corpus=$work/corpus/$target artifacts=$work/artifacts/$target
mkdir -p "$seeds" "$corpus" "$artifacts"
python3 "$here/make_seeds.py" "$target" "$seeds" || exit 1
case "$target" in
  dictionaries) max_len=65536 ;;
  extract|gazetteer|html|jsonl) max_len=16384 ;;
  *) max_len=4096 ;;
esac
# A per-input timeout far above any honest input (an 8 KiB article takes milliseconds).
"$bin" -max_total_time="$seconds" -timeout="${SITREP_FUZZ_TIMEOUT:-30}" -rss_limit_mb=3072 \
  -max_len="$max_len" -artifact_prefix="$artifacts/" -print_final_stats=1 \
  "$corpus" "$seeds"
status=$?
if [ $status -ne 0 ]; then
  echo "fuzz_$target failed (exit $status); the input is in $artifacts/." >&2
  echo "Reproduce: $bin $artifacts/<file>; keep it: copy it to fuzz/regressions/$target/." >&2
fi
exit $status
