#!/usr/bin/env bash
# Builds OpenCFStream and runs the main demo (loopback only; no network or servers needed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DOCFS_BUILD_EXAMPLES=ON >/dev/null
cmake --build build -j"$jobs" --target ocfs_demo
build/examples/ocfs_demo
