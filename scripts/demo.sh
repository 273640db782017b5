#!/usr/bin/env bash
# Builds OpenCFStream and runs the main demo (loopback only; no network or servers needed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
# Its own build directory without the tests, so the demo needs no GoogleTest and no test servers.
cmake -S . -B build-demo -G Ninja -DOCFS_BUILD_EXAMPLES=ON -DOCFS_BUILD_TESTS=OFF >/dev/null
cmake --build build-demo -j"$jobs" --target ocfs_demo
build-demo/examples/ocfs_demo
