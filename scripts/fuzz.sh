#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address: coverage-
# guided, with AddressSanitizer watching the unsafe-pointer code) and runs each for
# SECONDS. A crash fails the run; libFuzzer leaves the input in
# Tests/Fixtures/fuzz/TARGET/, which `make test` then replays
# (FuzzEntriesTests). Commit it with the fix.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default 120 s, all targets)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(board-decoder event-script station-loader command-line)
scratch=.build-fuzz
swift_flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)

# command-line runs the normal debug oss on fuzzed argument vectors (decoy paths only, see CommandLineFuzz.swift).
for target in "${targets[@]}"; do
    [ "$target" = command-line ] && swift build --product oss
    OSS_FUZZ=1 swift build --scratch-path "$scratch" --product "fuzz-$target" "${swift_flags[@]}"
done

status=0
for target in "${targets[@]}"; do
    corpus="$scratch/corpus/$target"
    artifacts="Tests/Fixtures/fuzz/$target"
    mkdir -p "$corpus" "$artifacts"
    echo "== fuzz-$target for ${seconds}s"
    # One command-line input starts oss once; a slow oss demo under load may take 20 s.
    # Foundation's Process keeps a few allocations LeakSanitizer reports; the oss it runs is what is checked.
    timeout=10 leaks=1
    [ "$target" = command-line ] && timeout=45 leaks=0
    # Swift's own crash reporter would take the signal before libFuzzer saves the input.
    if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=$leaks" LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0" \
            OSS_BINARY="$PWD/.build/debug/oss" "$scratch/debug/fuzz-$target" \
            -max_total_time="$seconds" -max_len=16384 -timeout=$timeout -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$artifacts/" "$corpus" "Fuzz/seeds/$target" > "$scratch/fuzz-$target.log" 2>&1; then
        status=1
        tail -n 40 "$scratch/fuzz-$target.log"
        for crash in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
            [ -e "$crash" ] || continue
            echo "fuzz-$target: input kept in $crash (base64 below, for CI logs):"
            base64 "$crash"
        done
    else
        grep -E "^Done|stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/fuzz-$target.log" || true
    fi
done
exit $status
