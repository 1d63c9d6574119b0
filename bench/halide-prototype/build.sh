#!/usr/bin/env bash
# Builds the Halide prototype standalone (not part of the main CMake build: find_package(Halide)
# clashes with MLIR there):  bench/halide-prototype/build.sh [BUILD_DIR]   (default build-proto)
#   BUILD_DIR/gen        the AOT generator (links libHalide14)
#   BUILD_DIR/kernels/   one static library + header per kernel, runtime.a, kernels.inc
#   BUILD_DIR/bench      the layer benchmark (links only the generated kernels + runtime)
# HALIDE_TARGET overrides the target (default x86-64-linux-avx512_skylake; never plain `host`,
# which Halide 14 takes for Sapphire Rapids on Zen 4/5).
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
build=${1:-$src/../../build-proto}
mkdir -p "$build/kernels"
build=$(cd "$build" && pwd)
target=${HALIDE_TARGET:-x86-64-linux-avx512_skylake}
CXX=${CXX:-g++}
hal=(-DHALIDE_ENABLE_RTTI -DHALIDE_WITH_EXCEPTIONS -I/usr/include/halide14)
if [ ! -x "$build/gen" ] || [ "$src/gen.cpp" -nt "$build/gen" ]; then
  echo "building gen" >&2
  $CXX -std=c++17 -O1 "${hal[@]}" "$src/gen.cpp" -o "$build/gen" \
    /usr/lib/x86_64-linux-gnu/libHalide14.so.0 -lpthread -ldl
fi
stamp=$build/kernels/.target
if [ ! -f "$build/kernels/kernels.inc" ] || [ "$build/gen" -nt "$build/kernels/kernels.inc" ] \
   || [ "$(cat "$stamp" 2>/dev/null)" != "$target" ]; then
  echo "generating kernels for $target" >&2
  rm -f "$build"/kernels/*.a "$build"/kernels/*.h "$build/kernels/kernels.inc"
  "$build/gen" "$build/kernels" "$target" 2> "$build/kernels/gen.log" || { cat "$build/kernels/gen.log" >&2; exit 1; }
  echo "$target" > "$stamp"
fi
if [ ! -x "$build/bench" ] || [ "$src/bench.cpp" -nt "$build/bench" ] \
   || [ "$build/kernels/kernels.inc" -nt "$build/bench" ]; then
  echo "building bench" >&2
  $CXX -std=c++17 -O2 -I/usr/include/halide14 -I"$build/kernels" "$src/bench.cpp" \
    "$build"/kernels/dense_*.a "$build/kernels/attention.a" "$build/kernels/layernorm.a" \
    "$build/kernels/runtime.a" -o "$build/bench" -lpthread -ldl
fi
