#!/usr/bin/env bash
# sitrep set-up, the first command on a fresh Debian 12 machine:
#   1. installs the Debian packages that are missing (apt-get update only when needed;
#      sudo only when not root),
#   2. configures and builds sitrep in build/ (RelWithDebInfo, Ninja),
#   3. installs the gazetteer (scripts/install-gazetteer.sh, when present), using the
#      sitrep just built to index it, and the dashboard's npm packages (scripts/install-web.sh),
#   4. makes the Python module importable by Debian's python3 (/usr/bin/python3): a
#      sitrep.pth in its site directory (root: /usr/local/lib/python3.X/dist-packages;
#      others: the user site) pointing at <build>/python, so `python3 -c "import sitrep"`
#      works and sees each rebuild (SITREP_PYTHON_SITE overrides the directory),
#   5. runs the example job: extracts examples/ into the store sitrep.sqlite, where reports
#      of one incident from several outlets merge into one event, and prints the store's
#      events as a table (also as JSONL in out/events.jsonl), and prints the command that
#      serves them on the dashboard (`sitrep serve --db sitrep.sqlite`, docs/server.md).
#
# Options: --no-run    stop after the build (CI uses this, then runs ./test.sh)
#          --deps-only only install packages
#          --serve     after the example job, serve the dashboard until Ctrl-C
# Environment: SITREP_BUILD_DIR (default build), SITREP_JOBS (default: nproc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

run_job=1
build=1
serve=0
for arg in "$@"; do
  case "$arg" in
    --no-run) run_job=0 ;;
    --deps-only) run_job=0; build=0 ;;
    --serve) serve=1 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

BUILD_DIR=${SITREP_BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$PWD/$BUILD_DIR" ;; esac
JOBS=${SITREP_JOBS:-$(nproc 2>/dev/null || echo 2)}
# (zlib1g-dev, liblzma-dev: the gazetteer builder reads the compressed village files;
# wamerican: English words that are never villages; clang and libclang-rt-14-dev: libFuzzer
# and the sanitizers of the fuzz tree (test.sh).)
PACKAGES=(cmake ninja-build g++ pkg-config libicu-dev nlohmann-json3-dev libsimdjson-dev
  libre2-dev libgumbo-dev libsqlite3-dev libcli11-dev libgtest-dev libgmock-dev
  libbenchmark-dev libmimalloc-dev zlib1g-dev liblzma-dev wamerican python3 nodejs npm clang libclang-rt-14-dev
  python3-dev pybind11-dev python3-numpy python3-pandas python3-matplotlib python3-distributed
  libpqxx-dev postgresql-15 postgresql-15-postgis-3 libcurl4-openssl-dev libxml2-dev
  libcpp-httplib-dev chromium chromium-driver python3-selenium)

say() { printf '\n==> %s\n' "$*"; }

install_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup.sh: not a Debian system; install these yourself: ${PACKAGES[*]}" >&2
    return 0
  fi
  local missing=()
  for pkg in "${PACKAGES[@]}"; do
    # A node/npm installed outside Debian (e.g. in /usr/local) serves as well, and Debian's
    # npm package would conflict with it.
    case "$pkg" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
      python3) command -v python3 >/dev/null 2>&1 && continue ;;
    esac
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages: all ${#PACKAGES[@]} present"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  say "Installing missing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_gazetteer() {
  if [ -f scripts/install-gazetteer.sh ]; then
    say "Gazetteer: scripts/install-gazetteer.sh"
    if [ -x "$BUILD_DIR/sitrep" ]; then
      SITREP_BIN="$BUILD_DIR/sitrep" bash scripts/install-gazetteer.sh
    else
      bash scripts/install-gazetteer.sh
    fi
  fi
}

build_sitrep() {
  say "Building in $BUILD_DIR/ (RelWithDebInfo, Ninja, $JOBS jobs)"
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fi
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

install_web_assets() {
  say "Dashboard: scripts/install-web.sh (Leaflet, marker clusters, Natural Earth shapes)"
  bash scripts/install-web.sh || echo "setup.sh: the dashboard's npm packages are missing" >&2
}

install_python_module() {
  local python=/usr/bin/python3
  [ -x "$python" ] || python=$(command -v python3 || true)
  if ! compgen -G "$BUILD_DIR/python/sitrep/_sitrep*.so" >/dev/null; then
    say "Python module not built (needs pybind11-dev and python3-dev; see the cmake output)"
    return 0
  fi
  local site=${SITREP_PYTHON_SITE:-}
  if [ -z "$site" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      site=$("$python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
    else
      site=$("$python" -m site --user-site)
    fi
  fi
  mkdir -p "$site"
  echo "$BUILD_DIR/python" > "$site/sitrep.pth"
  say "Python: $site/sitrep.pth -> $BUILD_DIR/python"
  if ! "$python" -c 'import sitrep' 2>/dev/null; then
    echo "setup.sh: $python does not read $site; use PYTHONPATH=$BUILD_DIR/python" >&2
  fi
}

run_example_job() {
  local sitrep="$BUILD_DIR/sitrep"
  if [ ! -x "$sitrep" ]; then
    echo "setup.sh: $sitrep was not built" >&2
    exit 1
  fi
  mkdir -p out
  say "Extracting examples/ into the store sitrep.sqlite (each report's events: out/extracted.jsonl)"
  local rc=0
  "$sitrep" extract examples/ --db sitrep.sqlite --quiet -o out/extracted.jsonl || rc=$?
  if [ "$rc" -ge 2 ]; then exit "$rc"; fi
  say "Events in the store: one incident reported by several outlets is one event"
  "$sitrep" events --db sitrep.sqlite --format table
  "$sitrep" events --db sitrep.sqlite -o out/events.jsonl
  say "Wrote out/events.jsonl ($(wc -l < out/events.jsonl) merged events from $(wc -l < out/extracted.jsonl) extracted) and sitrep.sqlite"
  echo "Dashboard: $sitrep serve --db sitrep.sqlite   then open http://127.0.0.1:8080/"
  echo "           (or ./setup.sh --serve; the map, timeline and each event's evidence: docs/server.md)"
  echo "Next: ./test.sh runs the tests; docs/cli.md describes the command line."
}

serve_example_store() {
  say "Serving sitrep.sqlite: open the URL below (Ctrl-C stops)"
  exec "$BUILD_DIR/sitrep" serve --db sitrep.sqlite --port "${SITREP_PORT:-8080}"
}

install_packages
[ "$build" = 1 ] || exit 0
build_sitrep
install_gazetteer
install_web_assets
install_python_module
[ "$run_job" = 1 ] || exit 0
run_example_job
[ "$serve" = 1 ] || exit 0
serve_example_store
