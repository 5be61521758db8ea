#!/usr/bin/env bash
# Installs what is missing, builds deltacloudd (Release) and serves the mock cloud on 127.0.0.1:3001.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
BUILD_TARGET=deltacloudd "$root/scripts/build.sh" "$root/build-release" Release
exec "$root/build-release/deltacloudd" -i mock "$@"
