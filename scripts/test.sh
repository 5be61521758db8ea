#!/usr/bin/env bash
# Installs what is missing, builds everything (Debug) and runs every test with CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build" Debug
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" --timeout 120
