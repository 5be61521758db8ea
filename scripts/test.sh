#!/usr/bin/env bash
# Installs what is missing, builds everything (Debug) and runs every test with CTest; then the
# same again in a tree built with the address and undefined-behaviour sanitizers. The openstack
# driver's integration tests run against a real OpenStack on 127.0.0.1, set up, started and
# stopped here (scripts/loopback-cloud.sh), and the ec2 driver's against moto, an EC2/S3/ELB
# emulator on 127.0.0.1 (scripts/moto-cloud.sh), each started once for both trees. Last, the libFuzzer harnesses (tests/fuzz) are built
# with clang in build-fuzz/ and each runs a few seconds from its seed corpus (scripts/fuzz.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
. "$root/scripts/loopback-cloud.sh"
. "$root/scripts/moto-cloud.sh"
clouds_down() {
  moto_cloud_down
  loopback_cloud_down
}
trap clouds_down EXIT

"$root/scripts/build.sh" "$root/build" Debug
loopback_cloud_up
moto_cloud_up
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)" --timeout 120)

"$root/scripts/build.sh" "$root/build-asan" Debug -DDC_SANITIZE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$root/build-asan" && ctest --output-on-failure -j "$(nproc)" --timeout 240)

# A brief fuzz of every harness (about a minute); docs/performance.md records a long campaign.
CC=clang CXX=clang++ "$root/scripts/build.sh" "$root/build-fuzz" RelWithDebInfo -DDC_FUZZ=ON
"$root/scripts/fuzz.sh" "$root/build-fuzz" 5
