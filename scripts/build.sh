#!/usr/bin/env bash
# Configures and builds one build tree: scripts/build.sh <dir> <Debug|Release> [cmake args...].
# BUILD_TARGET limits the build to one target (run-mock.sh builds only the server).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build}
type=${2:-Debug}
shift $(( $# > 2 ? 2 : $# ))
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "${launcher[@]}" "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" ${BUILD_TARGET:+--target "$BUILD_TARGET"}
