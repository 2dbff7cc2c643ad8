#!/usr/bin/env bash
# Checks every benchmark case's allocations per iteration (package-benchmark's mallocCountTotal, p90) against
# the counts recorded in Benchmarks/Thresholds/, as swift-nio does. Allocation counts are all but exact (a few
# Datalog cases vary by one or two between runs), so an increase of up to 3 is allowed and the check does not
# depend on the machine's load; time is never checked (the thresholds hold no time metric).
#
#   bash Benchmarks/check-thresholds.sh            # exit 1 when a case allocates more than recorded
#   bash Benchmarks/check-thresholds.sh --update   # record the current counts (after an intended change)
#
# A case that allocates fewer than recorded passes with a notice: record the improvement with --update.
# WAFER_BENCHMARK_ITERATIONS (default 20) caps the iterations of every case: a count needs no more.
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/ensure-deps.sh
export WAFER_BENCHMARK_ITERATIONS="${WAFER_BENCHMARK_ITERATIONS:-20}"
common=(--disable-sandbox benchmark thresholds)
options=(--path Thresholds --metric mallocCountTotal --no-progress)

case "${1:-}" in
  --update)
    mkdir -p Thresholds
    swift package "${common[@]}" update "${options[@]}"
    echo "check-thresholds: recorded in Benchmarks/Thresholds/; review and commit them"
    ;;
  "")
    # `swift package` turns the tool's exit codes (2 regression, 4 improvement) into 1: read its verdict instead.
    output="$(mktemp)"
    trap 'rm -f "$output"' EXIT
    status=0
    swift package "${common[@]}" check "${options[@]}" 2>&1 | tee "$output" || status=$?
    if grep -q "is WORSE than the defined thresholds" "$output"; then
      echo "check-thresholds: allocation REGRESSION (above): a case allocates more than Benchmarks/Thresholds/ records" >&2
      exit 1
    elif grep -q "is BETTER than the defined thresholds" "$output"; then
      echo "check-thresholds: some cases allocate FEWER than recorded (above); record it: bash Benchmarks/check-thresholds.sh --update"
    elif [ "$status" -ne 0 ] || ! grep -q "is EQUAL to the defined thresholds" "$output"; then
      echo "check-thresholds: the benchmark run failed (exit $status)" >&2
      exit 1
    else
      echo "check-thresholds: every case allocates as recorded"
    fi
    ;;
  *) echo "usage: bash Benchmarks/check-thresholds.sh [--update]" >&2; exit 64 ;;
esac
