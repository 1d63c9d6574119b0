#!/usr/bin/env bash
# The naming and function-size rules of .clang-tidy over every C++ file the Release build
# compiles (compiler/, runtime/, dialects/, schedules/, support/, tests/, bench/, python/); any finding
# fails. Usage: scripts/lint.sh [BUILD_DIR] (default build, configured by scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
jobs=${JOBS:-$(nproc)}
[ -f "$build/compile_commands.json" ] || {
  echo "lint.sh: $build/compile_commands.json not found; configure the build first" >&2
  exit 2
}
root=$(pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! run-clang-tidy -p "$build" -j "$jobs" -quiet \
  "^$root/(compiler|runtime|dialects|schedules|support|tests|bench|python)/" >"$log" 2>&1; then
  sed "s/\x1b\[[0-9;]*m//g" "$log" | grep -E "(error|warning): " | sort -u
  echo "lint.sh: clang-tidy found the problems above (rules: .clang-tidy)" >&2
  exit 1
fi
echo "lint.sh: $(grep -c '^clang-tidy' "$log") files clean"
