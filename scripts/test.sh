#!/usr/bin/env bash
# Builds OpenCFStream with its tests and runs them.
#
#   scripts/test.sh                         the default suite (what CI and README run)
#   scripts/test.sh --sanitizer address,undefined   same suite under ASan+UBSan (build-asan/)
#   scripts/test.sh --sanitizer thread              same suite under TSan (build-tsan/)
# Extra arguments after `--` go to ctest (e.g. `-- -L unit -R String`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sanitizer=""
build_dir=build
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitizer) sanitizer=$2; shift 2 ;;
    --) shift; ctest_args=("$@"); break ;;
    *) echo "test.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$sanitizer" in
  "") ;;
  address,undefined) build_dir=build-asan ;;
  thread) build_dir=build-tsan ;;
  *) echo "test.sh: --sanitizer takes 'address,undefined' or 'thread'" >&2; exit 2 ;;
esac

scripts/setup-deps.sh --tests
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build_dir" -G Ninja -DOCFS_BUILD_TESTS=ON -DOCFS_WERROR=ON \
  -DOCFS_SANITIZER="$sanitizer" >/dev/null
cmake --build "$build_dir" -j"$jobs"
# allocator_may_return_null: a huge request must reach the library as a failed allocation (the
# tests check that it fails cleanly), as it does without ASan.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:allocator_may_return_null=1}
ctest --test-dir "$build_dir" --output-on-failure -j"$jobs" "${ctest_args[@]}"
