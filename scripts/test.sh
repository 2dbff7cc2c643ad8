#!/usr/bin/env bash
# Runs Wafer's whole test suite (installing libsodium-dev first if it is missing), then the tests of the
# TinyTodo example service (Examples/TinyTodo, its own package), which attenuate a token with the built wafer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift test --disable-xctest "$@"
swift build --product wafer
WAFER_BIN="$(swift build --show-bin-path)/wafer"
export WAFER_BIN
(cd Examples/TinyTodo && swift test --disable-xctest)
