#!/usr/bin/env bash
# One command: Halide prototype of one bert-base encoder layer vs ONNX Runtime's whole model / 12.
#   bench/halide-prototype/run.sh [ROUNDS] [ITERS]      (defaults 7 rounds x 10 runs)
#   THREADS=1 bench/halide-prototype/run.sh ...         (default 2 threads for both engines)
# Builds if needed (build.sh, into build-proto), exports random bert-base to ONNX once
# (export_bert.py, /usr/bin/python3 + Debian python3-torch), installs onnxruntime-node into
# bench/halide-prototype/ort/node_modules once, checks every layout's layer output against PyTorch
# and a double-precision C++ reference, then alternates (all Halide variants, ORT) ROUNDS times
# and prints medians and ratio = prototype_layer_ms / (ort_model_ms / 12). ORT runs twice per round,
# with and without spin-waiting threads; ratios use whichever of the two had the lower median.
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$src/../.." && pwd)
build=${BUILD_DIR:-$root/build-proto}
rounds=${1:-7}
iters=${2:-10}
threads=${THREADS:-2}

"$src/build.sh" "$build"
data=$build/data
if [ ! -f "$data/bert-base.onnx" ] || [ "$src/export_bert.py" -nt "$data/bert-base.onnx" ]; then
  echo "exporting random bert-base to ONNX (about a minute)" >&2
  /usr/bin/python3 "$src/export_bert.py" "$data" 128 2> "$build/export.log" || { cat "$build/export.log" >&2; exit 1; }
fi
if [ ! -d "$src/ort/node_modules/onnxruntime-node" ]; then
  echo "installing onnxruntime-node (npm, --ignore-scripts)" >&2
  (cd "$src/ort" && ONNXRUNTIME_NODE_INSTALL=skip npm install --ignore-scripts --no-audit --no-fund >&2)
fi

export HL_NUM_THREADS=$threads OMP_NUM_THREADS=$threads
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "correctness check (every variant vs PyTorch and the C++ reference)" >&2
"$build/bench" "$data" 1 --check > "$work/check.jsonl"
for ((r = 0; r < rounds; r++)); do
  echo "round $((r + 1))/$rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  cut -d' ' -f1 /proc/loadavg >> "$work/load.txt"
  "$build/bench" "$data" "$iters" --kernels >> "$work/halide.jsonl"
  node "$src/ort_bench.js" "$data" "$iters" "$threads" >> "$work/ort.jsonl"
  ORT_SPIN=0 node "$src/ort_bench.js" "$data" "$iters" "$threads" >> "$work/ort.jsonl"
done
/usr/bin/python3 "$src/summarize.py" "$work/check.jsonl" "$work/halide.jsonl" "$work/ort.jsonl" \
  "$rounds" "$iters" "$threads" "$work/load.txt" | tee "$build/results-${threads}t.md"
