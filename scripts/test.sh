#!/usr/bin/env bash
# Runs Wafer's whole test suite (installing libsodium-dev first if it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift test --disable-xctest "$@"
