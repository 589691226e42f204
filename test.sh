#!/usr/bin/env bash
# sitrep tests, the second command: builds build/ when needed and runs its ctest, then
# builds an ASan+UBSan tree in build-asan/ and runs its ctest. Exits non-zero when any
# build or test fails. Environment: SITREP_SKIP_SANITIZE=1 skips the sanitizer tree;
# SITREP_BUILD_DIR / SITREP_ASAN_BUILD_DIR move the trees; SITREP_JOBS (default 2).
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
  printf '\n==> %s: ctest\n' "$name"
  if ! ctest --test-dir "$dir" --output-on-failure -j "$JOBS" --timeout 600; then
    failed+=("$name tests")
  fi
}

run_tree "release" "${SITREP_BUILD_DIR:-build}"
if [ "${SITREP_SKIP_SANITIZE:-0}" != 1 ]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  # -O1 -g1: line tables for the reports at a fraction of the compile time of -O2 -g.
  run_tree "asan+ubsan" "${SITREP_ASAN_BUILD_DIR:-build-asan}" "-DSITREP_SANITIZE=address;undefined" \
    -DSITREP_BUILD_BENCH=OFF "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "test.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "test.sh: all builds and tests passed"
