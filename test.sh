#!/usr/bin/env bash
# sitrep tests, the second command: builds build/ when needed, brings the gazetteer index up to
# date (scripts/install-gazetteer.sh: nothing to do when it is current) and runs its ctest; then an
# ASan+UBSan tree and its ctest; then a ThreadSanitizer build of the CLI on the threaded
# paths. Exits non-zero when any build or test fails.
#
# The sanitizer tree (build-san/) is built with Debian's clang when it has libFuzzer: the
# same tree then builds the fuzz targets with coverage feedback, and its ctest also fuzzes
# each target for SITREP_FUZZ_SECONDS (default 20; fuzz/README.md). Without clang it is a
# gcc tree and the fuzz targets only replay their corpora and past crashes.
#
# Environment: SITREP_SKIP_SANITIZE=1 skips the sanitizer and thread trees; SITREP_BUILD_DIR,
# SITREP_ASAN_BUILD_DIR, SITREP_TSAN_BUILD_DIR move the trees; SITREP_JOBS (default 2);
# SITREP_FUZZ_SECONDS (0 = no timed fuzzing).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

JOBS=${SITREP_JOBS:-2}
failed=()

configure_and_build() {  # dir, extra cmake args...
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" || return 1
  fi
  cmake --build "$dir" -j "$JOBS"
}

run_tree() {  # name, dir, extra cmake args...
  local name=$1 dir=$2
  shift 2
  printf '\n==> %s: build in %s/\n' "$name" "$dir"
  if ! configure_and_build "$dir" "$@"; then
    failed+=("$name build")
    return
  fi
  # The tests read data/: after a pull that changed a gazetteer table, the index is rebuilt
  # first (install-gazetteer.sh is idempotent: nothing to do when it is current).
  if [ "$name" = release ] && [ -x "$dir/sitrep" ] && [ -f scripts/install-gazetteer.sh ]; then
    if ! SITREP_BIN="$dir/sitrep" bash scripts/install-gazetteer.sh >/dev/null; then
      failed+=("gazetteer index")
    fi
  fi
  printf '\n==> %s: ctest\n' "$name"
  if ! ctest --test-dir "$dir" --output-on-failure -j "$JOBS" --timeout 900; then
    failed+=("$name tests")
  fi
}

# Does Debian's clang link a libFuzzer target here?
have_libfuzzer() {
  command -v clang++ >/dev/null 2>&1 || return 1
  local probe
  probe=$(mktemp -d) || return 1
  printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' \
    > "$probe/p.cc"
  clang++ -fsanitize=fuzzer,address "$probe/p.cc" -o "$probe/p" >/dev/null 2>&1
  local ok=$?
  rm -rf "$probe"
  return $ok
}

run_tree "release" "${SITREP_BUILD_DIR:-build}"
if [ "${SITREP_SKIP_SANITIZE:-0}" != 1 ]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  # -O1 -g1: line tables for the reports at a fraction of the compile time of -O2 -g.
  san_args=(-DSITREP_BUILD_BENCH=OFF "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1")
  if have_libfuzzer; then
    CC=clang CXX=clang++ run_tree "asan+ubsan+fuzz" "${SITREP_ASAN_BUILD_DIR:-build-san}" \
      "-DSITREP_SANITIZE=address;undefined;fuzzer-no-link" \
      "-DSITREP_FUZZ_SECONDS=${SITREP_FUZZ_SECONDS:-20}" "${san_args[@]}"
  else
    echo "test.sh: no clang with libFuzzer (apt install clang libclang-rt-14-dev): fuzz targets replay only"
    run_tree "asan+ubsan" "${SITREP_ASAN_BUILD_DIR:-build-san}" \
      "-DSITREP_SANITIZE=address;undefined" "${san_args[@]}"
  fi

  # ThreadSanitizer on what runs on several threads: extract -j N over one Resources.
  tsan_dir=${SITREP_TSAN_BUILD_DIR:-build-tsan}
  printf '\n==> tsan: build the CLI in %s/\n' "$tsan_dir"
  if [ ! -f "$tsan_dir/build.ninja" ]; then
    cmake -S . -B "$tsan_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSITREP_SANITIZE=thread -DSITREP_BUILD_TESTS=OFF -DSITREP_BUILD_BENCH=OFF \
      "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" || failed+=("tsan configure")
  fi
  if cmake --build "$tsan_dir" -j "$JOBS" --target sitrep; then
    printf '\n==> tsan: extract -j 1/4/7 on the dev set, golden reports and 1,500 articles\n'
    SITREP_BIN="$tsan_dir/sitrep" python3 tests/reliability/threads_test.py || failed+=("tsan tests")
  else
    failed+=("tsan build")
  fi
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "test.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "test.sh: all builds and tests passed"
