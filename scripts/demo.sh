#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install packages, build bertc, then
#   1. describe the seed model (examples/bert-base-uncased.yaml, the TF Hub tutorial's classifier);
#   2. compile the small default model (examples/bert-tiny.yaml) into a native library and runner;
#   3. give it deterministic BERT-style weights (no pretrained BERT can be downloaded here);
#   4. tokenize two sentences exactly as Hugging Face's BERT tokenizer does and run the model.
# The weights are random, so the probabilities are not sentiment yet: training the head is
# `bertc fit` (next). Everything lands in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target bertc bert-tokenize bertc_runner

bertc=build/compiler/bertc
out=out/bert_tiny
echo "+ bertc inspect examples/bert-base-uncased.yaml"
$bertc inspect examples/bert-base-uncased.yaml

echo "+ bertc compile examples/bert-tiny.yaml -o $out --emit=runner"
time $bertc compile examples/bert-tiny.yaml -o "$out" --emit=runner
echo "+ bertc init-weights examples/bert-tiny.yaml --seed 1 -o $out/weights.safetensors"
$bertc init-weights examples/bert-tiny.yaml --seed 1 -o "$out/weights.safetensors"

echo "+ bert-tokenize | $out/bert_tiny-run"
build/runtime/tokenizer/bert-tokenize --vocab data/bert-vocab/bert-base-uncased-vocab.txt \
  --max-len 128 "a gripping, beautifully acted film." "the plot is thin and the jokes fall flat." |
  python3 -c '
import json, sys
rows = [json.loads(line) for line in sys.stdin]
json.dump({"input_ids": [r["ids"] for r in rows],
           "token_type_ids": [r["token_type_ids"] for r in rows],
           "attention_mask": [[1] * len(r["ids"]) for r in rows]}, sys.stdout)' >"$out/input.json"
"$out/bert_tiny-run" --weights "$out/weights.safetensors" "$out/input.json" |
  python3 -c '
import json, sys
r = json.load(sys.stdin)
print("probabilities (untrained head):", [round(p[0], 4) for p in r["probabilities"]])'
