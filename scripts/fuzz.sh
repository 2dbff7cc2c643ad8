#!/usr/bin/env bash
# Builds Wafer's libFuzzer targets (the Fuzz/ package) with the fuzzer and address sanitizers, then runs each
# target in turn, one at a time. docs/security.md, "Fuzzing", says what each target checks.
#
#   bash scripts/fuzz.sh                      every target, 600 s each
#   bash scripts/fuzz.sh --time 60 FuzzKeys   the named targets, 60 s each
#   bash scripts/fuzz.sh --smoke              replay Fuzz/Regressions/<Target>/, then every target ~8 s (CI)
#   --no-build                                reuse the last build
#
# New corpus entries go to .build/fuzz/corpus/<Target>/ (never into Fuzz/Corpus/, the seeds kept in git),
# crashing inputs to .build/fuzz/artifacts/<Target>/, logs to .build/fuzz/logs/<Target>.log. A crash, a
# broken property (the harnesses trap), a leak, a hang (-timeout) or running out of memory (-rss_limit_mb)
# is a finding: the script prints it and exits non-zero. Every finding becomes a regression: the input goes to
# Fuzz/Regressions/<Target>/ and a Swift Testing test in the main package feeds it through the same API.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
all_targets=(FuzzBiscuit FuzzDatalogParser FuzzAuthorizer FuzzMacaroon FuzzThirdParty FuzzKeys)
seconds=600
smoke=0
build=1
targets=()

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
    case "$1" in
    --time)
        [ $# -ge 2 ] || { echo "fuzz.sh: --time needs a number of seconds" >&2; exit 64; }
        seconds="$2"
        shift 2
        ;;
    --smoke) smoke=1; shift ;;
    --no-build) build=0; shift ;;
    -h | --help) usage; exit 0 ;;
    Fuzz*)
        if [[ " ${all_targets[*]} " != *" $1 "* ]]; then
            echo "fuzz.sh: no target named $1 (targets: ${all_targets[*]})" >&2
            exit 64
        fi
        targets+=("$1")
        shift
        ;;
    *) echo "fuzz.sh: unknown argument $1" >&2; usage >&2; exit 64 ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
[ "$smoke" = 1 ] && seconds=8
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: --time takes whole seconds, not '$seconds'" >&2; exit 64; }

# Both sanitizers must reach swiftc as one flag: given as two -sanitize= flags, swiftc 6.3 with
# whole-module optimization keeps only the last, and the Swift code gets no coverage instrumentation.
build_flags=(-c release --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
if [ "$build" = 1 ]; then
    bash "$root/scripts/ensure-deps.sh"
    echo "== building the fuzz targets (release, fuzzer + address sanitizers)"
    start=$(date +%s)
    (cd "$root/Fuzz" && swift build "${build_flags[@]}")
    echo "== built in $(($(date +%s) - start)) s"
fi
bin="$(cd "$root/Fuzz" && swift build "${build_flags[@]}" --show-bin-path)"

# Swift's own crash handler would print over ASan's report; leaks are findings.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:symbolize=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# The suppressions are the test suite's: memory Swift's one-time initialisers keep for the process's life.
export LSAN_OPTIONS="suppressions=$root/scripts/lsan-suppressions.txt:print_suppressions=0"

work="$root/.build/fuzz"
mkdir -p "$work/logs" "$work/dictionaries"

dictionaries_for() {
    case "$1" in
    FuzzBiscuit) echo protobuf ;;
    FuzzDatalogParser | FuzzAuthorizer) echo datalog ;;
    FuzzThirdParty) echo "protobuf datalog" ;;
    FuzzMacaroon) echo macaroon ;;
    FuzzKeys) echo keys ;;
    esac
}

libfuzzer_flags=(-timeout=5 -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1)
failed=()
summary=()

for target in "${targets[@]}"; do
    executable="$bin/$target"
    [ -x "$executable" ] || { echo "fuzz.sh: $executable is missing; build first (drop --no-build)" >&2; exit 1; }
    corpus="$work/corpus/$target"
    artifacts="$work/artifacts/$target"
    log="$work/logs/$target.log"
    dictionary="$work/dictionaries/$target.dict"
    mkdir -p "$corpus" "$artifacts"
    : > "$dictionary"
    for name in $(dictionaries_for "$target"); do cat "$root/Fuzz/Dictionaries/$name.dict" >> "$dictionary"; done

    if [ "$smoke" = 1 ] && [ -d "$root/Fuzz/Regressions/$target" ]; then
        files=()
        for file in "$root/Fuzz/Regressions/$target"/*; do
            [ -f "$file" ] && [[ "$(basename "$file")" != README* ]] && files+=("$file")
        done
        if [ ${#files[@]} -gt 0 ]; then
            echo "== $target: replaying ${#files[@]} regression input(s)"
            if ! "$executable" "${libfuzzer_flags[@]}" -runs=1 "${files[@]}" > "$work/logs/$target.regressions.log" 2>&1; then
                echo "FINDING: $target fails on a regression input; log: $work/logs/$target.regressions.log" >&2
                tail -40 "$work/logs/$target.regressions.log" >&2
                failed+=("$target (regression)")
                continue
            fi
        fi
    fi

    echo "== $target: fuzzing for $seconds s (log: ${log#"$root"/})"
    status=0
    "$executable" "${libfuzzer_flags[@]}" -max_total_time="$seconds" -dict="$dictionary" \
        -artifact_prefix="$artifacts/" "$corpus" "$root/Fuzz/Corpus/$target" > "$log" 2>&1 || status=$?
    executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    coverage="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')"
    if [ "$status" != 0 ]; then
        echo "FINDING: $target stopped with status $status after ${executions:-?} executions" >&2
        grep -E '^(==[0-9]+==ERROR|SUMMARY|property failed|.*Fatal error|ALARM|MS:|artifact_prefix|Test unit written)' "$log" | head -20 >&2 || true
        echo "  log: $log" >&2
        echo "  inputs: $artifacts/" >&2
        failed+=("$target")
        summary+=("$target: FINDING after ${executions:-?} executions")
    else
        summary+=("$target: $seconds s, ${executions:-?} executions, coverage ${coverage:-?} edges, no finding")
    fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: findings in ${failed[*]}: see the logs under .build/fuzz/logs/ and the inputs under .build/fuzz/artifacts/" >&2
    exit 1
fi
