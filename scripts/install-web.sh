#!/usr/bin/env bash
# Installs the dashboard's npm packages into third_party/npm/ (git-ignored), where
# `sitrep serve` serves them from (no CDN): Leaflet, its marker-cluster plugin, topojson-client
# and world-atlas (Natural Earth country shapes, the offline base map). Idempotent.
#
#   scripts/install-web.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPM_DIR="$ROOT/third_party/npm"
MODULES="$NPM_DIR/node_modules"
PACKAGES=(leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2)
PROBES=(leaflet/dist/leaflet.js leaflet.markercluster/dist/leaflet.markercluster.js
  topojson-client/dist/topojson-client.min.js world-atlas/countries-50m.json)

missing=0
for probe in "${PROBES[@]}"; do
  [[ -s "$MODULES/$probe" ]] || missing=1
done
if [[ $missing -eq 0 ]]; then
  echo "install-web: the dashboard's npm packages are installed" >&2
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-web: npm not found: the dashboard of sitrep serve will lack its map (the API works)" >&2
  exit 1
fi
echo "install-web: installing ${PACKAGES[*]} into $NPM_DIR" >&2
mkdir -p "$NPM_DIR"
npm install --prefix "$NPM_DIR" --no-audit --no-fund "${PACKAGES[@]}" >&2
