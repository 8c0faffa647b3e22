#!/usr/bin/env bash
# The test command: installs dependencies, builds a Release tree (warnings as
# errors) and a separate AddressSanitizer + UBSan tree, and runs every test
# through CTest in both.
#   tools/test.sh            # from the repository root
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JOBS=${JOBS:-$(nproc)}

bash tools/install-deps.sh

echo "== clang-format check =="
if command -v clang-format >/dev/null; then
  files=$(git -C "$ROOT" ls-files '*.cc' '*.h' 2>/dev/null || true)
  if [ -n "$files" ]; then
    (cd "$ROOT" && clang-format --dry-run --Werror $files)
  fi
fi

echo "== Release build (-Werror) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCONCLAVE_WERROR=ON -DCONCLAVE_BENCHMARKS=ON
cmake --build build -j"$JOBS"
(cd build && ctest --output-on-failure -j"$JOBS" --timeout 900)

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONCLAVE_WERROR=ON \
  -DCONCLAVE_SANITIZE=ON -DCONCLAVE_BENCHMARKS=OFF
cmake --build build-asan -j"$JOBS"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j"$JOBS" --timeout 1800)

echo "tools/test.sh: all tests passed"
