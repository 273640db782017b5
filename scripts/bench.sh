#!/usr/bin/env bash
# Builds the benchmarks in Release mode and runs them; each program ends with a table of ratios
# (our rate / the baseline's rate, measured in the same run on the same machine).
#   scripts/bench.sh [benchmark arguments, e.g. --benchmark_filter=dispatch]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup-deps.sh --bench
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DOCFS_BUILD_BENCHMARKS=ON \
  -DOCFS_BUILD_TESTS=OFF -DOCFS_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-bench -j"$(nproc 2>/dev/null || echo 2)"
for program in build-bench/benchmarks/bench_*; do
  echo "== ${program##*/} =="
  "$program" --benchmark_min_time=0.2 "$@"
done
