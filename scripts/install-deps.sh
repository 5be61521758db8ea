#!/usr/bin/env bash
# Installs the Debian packages deltacloudd needs to build and test. Idempotent: installs only what is missing.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config ccache libcaf-dev libboost-dev libboost-system-dev
  libsimdjson-dev libyaml-cpp-dev libcurl4-openssl-dev libssl-dev catch2 libpugixml-dev wrk
  clang libclang-rt-14-dev)  # clang and its runtime: libFuzzer and the sanitizers (tests/fuzz)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
