#!/usr/bin/env bash
# README command 2: installs what is missing, builds, runs every test suite
# (ctest labels: unit, lit; more as they land) and ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh
ctest --test-dir "${SINTER_BUILD_DIR:-build}" --output-on-failure -j2 "$@"
