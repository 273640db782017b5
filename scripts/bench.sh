#!/usr/bin/env bash
# Builds the benchmarks in Release mode and runs them; each program prints Google Benchmark's table
# and then its ratios (ours / the baseline measured in the same run, on the same loopback), and the
# script ends with one table of every ratio, with the goal each is held to (reported, not asserted).
#
#   scripts/bench.sh                        everything (2½ minutes on 2 cores, plus the build)
#   scripts/bench.sh --benchmark_filter=tls  extra arguments go to every program
#
# Each case runs 5 times, the repetitions of all cases in random order (so a busy moment of the
# machine falls on ours and the baseline alike), and the medians are compared; bench_memory, which
# opens 2 × 10,000 TLS connections, runs once. OCFS_BENCH_REPETITIONS changes the count,
# OCFS_BENCH_IDLE_PAIRS the number of idle TLS connections bench_memory opens.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup-deps.sh --bench
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DOCFS_BUILD_BENCHMARKS=ON \
  -DOCFS_BUILD_TESTS=OFF -DOCFS_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-bench -j"$(nproc 2>/dev/null || echo 2)"

repetitions="${OCFS_BENCH_REPETITIONS:-5}"
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
export OCFS_BENCH_TABLE="$table"

run() {
  local program="build-bench/benchmarks/$1"
  shift
  echo "== ${program##*/} =="
  "$program" --benchmark_min_time=0.2 --benchmark_display_aggregates_only=true "$@"
  echo
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
repeated=(--benchmark_repetitions="$repetitions" --benchmark_enable_random_interleaving=true)
run bench_socket "${repeated[@]}" "$@"
run bench_event_loop "${repeated[@]}" "$@"
run bench_runloop "${repeated[@]}" "$@"
run bench_memory "$@"

echo "== summary: ocfs / baseline, same run (medians of ${repetitions} runs; bench_memory 1 run) =="
echo "load average before: ${load_before}; after: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) CPUs)"
echo
echo "| case | metric | ocfs | baseline | ratio | CPU | goal | |"
echo "|---|---|---:|---:|---:|---:|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' \
  "$table"
