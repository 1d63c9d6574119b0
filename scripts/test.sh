#!/usr/bin/env bash
# Runs every test bertc has, from a clean clone on a fresh Debian 12 machine:
#   1. installs the Debian packages (scripts/install-deps.sh);
#   2. a Release build (warnings are errors), clang-tidy's naming and function-size rules over
#      every file it compiles (scripts/lint.sh), and the whole CTest suite except the `slow` label;
#      then `cmake --install` and an outside project (examples/cmake-consumer) built against it;
#   3. an ASan+UBSan build of the runtime and parser tests (CTest label `sanitize`);
#   4. every libFuzzer target for FUZZ_SECONDS (default 30) each, seeded from tests/fuzz/corpus/.
# Set BERTC_TEST_SLOW=1 to include the slow label (big models, long parity runs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${JOBS:-$(nproc)}
fuzz_seconds=${FUZZ_SECONDS:-30}

./scripts/install-deps.sh

step() { printf '\n==== %s ====\n' "$*"; }
summary=()
run_ctest() { # build-dir label-args...
  local dir=$1
  shift
  local log
  log=$(mktemp)
  if ! ctest --test-dir "$dir" --output-on-failure -j"$jobs" "$@" 2>&1 | tee "$log"; then
    echo "test.sh: ctest failed in $dir" >&2
    exit 1
  fi
  summary+=("$dir: $(grep -E 'tests passed' "$log" | tail -1)")
  rm -f "$log"
}

step "Release build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBERTC_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
step "Lint: one naming style, functions of at most 80 lines (.clang-tidy)"
JOBS=$jobs ./scripts/lint.sh build
summary+=("lint (clang-tidy naming, function size): clean")
step "Release tests"
if [ "${BERTC_TEST_SLOW:-0}" = 1 ]; then run_ctest build; else run_ctest build -LE slow; fi

step "Install, then an outside project: find_package(bertc), two models via bertc_add_model, bertc::classify"
rm -rf build/install build/consumer
cmake --install build --prefix build/install >/dev/null
cmake -S examples/cmake-consumer -B build/consumer -G Ninja -DCMAKE_PREFIX_PATH="$root/build/install" >/dev/null
cmake --build build/consumer
build/install/bin/bertc init-weights examples/bert-tiny.yaml --seed 1 -o build/consumer/tiny.safetensors
build/install/bin/bertc init-weights examples/cmake-consumer/odd.yaml --seed 2 -o build/consumer/odd.safetensors
build/consumer/two-models build/consumer/tiny.safetensors build/consumer/odd.safetensors
# bertc::classify linked into the outside program answers exactly as the installed bert-classify
# does on the same model compiled as a shared library.
texts=("a gripping, beautifully acted film." "the plot is thin and the jokes fall flat.")
build/install/bin/bertc compile examples/bert-tiny.yaml -o build/consumer/shared --emit=shared >/dev/null
build/install/bin/bert-classify --model build/consumer/shared --weights build/consumer/tiny.safetensors \
  "${texts[@]}" > build/consumer/expected.txt
build/consumer/classify-text build/consumer/tiny.safetensors "${texts[@]}" > build/consumer/got.txt
diff build/consumer/expected.txt build/consumer/got.txt
summary+=("install + outside project (two models in one program; classify API via bertc::classify): ok")

step "ASan+UBSan build of runtime and parser tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBERTC_WERROR=ON \
  -DBERTC_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs" --target sanitized-tests
step "ASan+UBSan tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  run_ctest build-asan -L sanitize

step "libFuzzer build"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DBERTC_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzzers
fuzzed=0
for fuzzer in build-fuzz/fuzz/*_fuzzer; do
  [ -x "$fuzzer" ] || continue
  name=$(basename "$fuzzer")
  step "fuzz $name for ${fuzz_seconds}s"
  corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  seeds=()
  [ -d "tests/fuzz/corpus/$name" ] && seeds=("$root/tests/fuzz/corpus/$name")
  # -rss_limit_mb keeps a runaway allocation a finding rather than an OOM of the machine.
  (cd build-fuzz && "$root/$fuzzer" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 "corpus/$name" "${seeds[@]}" 2>&1 | tail -15)
  fuzzed=$((fuzzed + 1))
  summary+=("fuzz $name: ${fuzz_seconds}s, no crash")
done
[ "$fuzzed" -gt 0 ] || { echo "test.sh: no fuzzer was built" >&2; exit 1; }

step "Summary"
printf '%s\n' "${summary[@]}"
