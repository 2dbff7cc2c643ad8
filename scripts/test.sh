#!/usr/bin/env bash
# Runs Wafer's whole test suite, as CI does (installing libsodium-dev first if it is missing):
#   1. every test of the package under AddressSanitizer, with LeakSanitizer on;
#   2. a smoke run of every fuzz target (a few seconds each, after replaying every input that once crashed);
#   3. the TinyTodo example service's tests (Examples/TinyTodo, its own package) under ThreadSanitizer: real
#      HTTP requests, concurrent ones included, a token attenuated with the built wafer, and the Wafer values a
#      service shares between threads (policy with compiled regexes, root key, a reloading revocation list)
#      hammered from many tasks. Wafer itself is compiled with the thread sanitizer there, so this is also
#      Wafer's ThreadSanitizer run; a separate one of the package's own suites would cost a third full build.
# Arguments are passed to the first `swift test` (for example --filter). For a quick loop while editing, plain
# `swift test` runs step 1 without the sanitizer. Each sanitizer build has its own folder under .build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh

root="$PWD"
# Swift's one-time initialisers keep their allocations for the life of the process; see the file.
export LSAN_OPTIONS="suppressions=$root/scripts/lsan-suppressions.txt:print_suppressions=0"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"

step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "1/3 the whole suite under AddressSanitizer"
swift test --disable-xctest --sanitize=address --scratch-path .build/asan "$@"

step "2/3 fuzz smoke"
bash scripts/fuzz.sh --smoke

step "3/3 TinyTodo, and Wafer's shared values, under ThreadSanitizer"
WAFER_BIN="$root/.build/asan/debug/wafer"
export WAFER_BIN
(cd Examples/TinyTodo && swift test --disable-xctest --sanitize=thread --scratch-path .build/tsan)
step "all green"
