#!/usr/bin/env bash
# Installs every Debian 12 package bertc needs to build, test and fuzz.
# Idempotent: re-running it on a machine that has everything is a no-op apart
# from apt's own checks.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config python3
  # compiler back half: Halide 14 (pulls LLVM 14) and the model description parser
  libhalide14-0-dev libyaml-cpp-dev
  # compiler front half: MLIR 19 (FileCheck-19 and `not` come with llvm-19-tools)
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  # runtime: Unicode for the tokenizer; zip archives for PyTorch's pytorch_model.bin
  libutf8proc-dev libzip-dev
  # tools: JSON and command lines
  nlohmann-json3-dev libcli11-dev
  # tests: gtest, Google Benchmark, clang + compiler-rt for libFuzzer and sanitizers
  googletest libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-dev clang-format
  # lint: the naming and function-size rules (.clang-tidy, scripts/lint.sh)
  clang-tidy
  # the Python package (pybind11, numpy), its Dask part (distributed; pandas for dataframes) and its tests (pytest)
  pybind11-dev python3-dev python3-numpy python3-pytest python3-distributed python3-pandas
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
