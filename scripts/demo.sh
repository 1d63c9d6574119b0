#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install packages, build bertc, and run it on the
# default model (examples/bert-base-uncased.yaml, the TF Hub tutorial's classifier).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
model=${1:-examples/bert-base-uncased.yaml}
echo "+ bertc inspect $model --tensors"
./build/compiler/bertc inspect "$model" --tensors
