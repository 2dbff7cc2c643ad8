#!/usr/bin/env bash
# Checks every benchmark case's allocations per iteration (package-benchmark's mallocCountTotal, p90) against
# the counts recorded in Benchmarks/Thresholds/, as swift-nio does. Allocation counts are exact, so the check is
# deterministic on any machine; time is never checked (the thresholds hold no time metric).
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
    status=0
    swift package "${common[@]}" check "${options[@]}" || status=$?
    case "$status" in
      0) echo "check-thresholds: every case allocates as recorded" ;;
      4) echo "check-thresholds: some cases allocate FEWER than recorded (above); record it: bash Benchmarks/check-thresholds.sh --update" ;;
      2) echo "check-thresholds: allocation REGRESSION (above): a case allocates more than Benchmarks/Thresholds/ records" >&2; exit 1 ;;
      *) echo "check-thresholds: the benchmark run failed (exit $status)" >&2; exit "$status" ;;
    esac
    ;;
  *) echo "usage: bash Benchmarks/check-thresholds.sh [--update]" >&2; exit 64 ;;
esac
