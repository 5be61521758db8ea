#!/usr/bin/env bash
# Runs each libFuzzer harness of a DC_FUZZ build tree for a while, one after the other, niced
# and on one core, and fails on the first crash, leak, timeout or broken property:
#   scripts/fuzz.sh <build-fuzz dir> <seconds per harness> [work dir]
# Each harness starts from its seed corpus (tests/fuzz/corpus/<name>, replayed first) and its
# dictionary; what it learns goes to <work dir>/<name> (a temporary folder when not given), so
# the committed seeds stay as they are. Findings land in <work dir>/<name>-crash-*.
# DC_FUZZ_SKIP lists harnesses to leave out (space-separated); none by default.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?build-fuzz directory}
seconds=${2:?seconds per harness}
work=${3:-$(mktemp -d)}
skip=" ${DC_FUZZ_SKIP-} "
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
total=0
for bin in "$build"/tests/fuzz/fuzz_*; do
  name=${bin##*/fuzz_}
  [[ $skip == *" $name "* ]] && continue
  dict=$root/tests/fuzz/dict/$name.dict
  case $name in events) dict=$root/tests/fuzz/dict/request.dict ;; esac
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$work/$name-")
  [ -f "$dict" ] && args+=(-dict="$dict")
  mkdir -p "$work/$name"
  log=$work/$name.log
  if ! nice -n 19 "$bin" "${args[@]}" "$work/$name" "$root/tests/fuzz/corpus/$name" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz_$name failed: see $log and $work/$name-*" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  total=$((total + ${runs:-0}))
  printf 'fuzz_%-12s %10s executions in %ss\n' "$name" "${runs:-?}" "$seconds"
done
echo "fuzzing: $total executions in all, no crash"
