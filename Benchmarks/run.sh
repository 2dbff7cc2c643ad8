#!/usr/bin/env bash
# Runs Wafer's benchmarks (release builds) and prints their figures.
#   bash Benchmarks/run.sh                      # every suite
#   bash Benchmarks/run.sh --target DatalogBenchmarks
#   bash Benchmarks/run.sh --filter 'Datalog.transitive.*'
# Extra arguments go to `swift package benchmark` (see its --help).
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/ensure-deps.sh
swift package --disable-sandbox benchmark --format markdown "$@"
