#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install packages, build bertc, then
#   1. describe the seed model (examples/bert-base-uncased.yaml, the TF Hub tutorial's classifier);
#   2. import a real Hugging Face checkpoint, examples/sst2-bert-tiny: a small BERT trained here
#      from scratch on SST-2 train (no pretrained BERT can be downloaded; the directory's
#      README.md says how, and scripts/train-demo-model.py retrains it), as the tutorial's model:
#      its encoder with a Dense(1, sigmoid) head;
#   3. compile it into a native shared library;
#   4. fit that head (Dropout 0.1, Adam, binary cross-entropy, encoder frozen, as the tutorial) on
#      SST-2 train with the compiled encoder's features, and print its dev accuracy beside the
#      majority class, logistic regression on bag-of-words counts, and PyTorch's own accuracy for
#      the trained checkpoint (its 2-label classifier, recorded by the training script);
#   5. classify four sentences with the fitted weights (bert-classify: LABEL, probability, text).
# Everything lands in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target bertc bert-classify

bertc=build/compiler/bertc
checkpoint=examples/sst2-bert-tiny
out=out/sst2_bert_tiny
mkdir -p "$out"
echo "+ bertc inspect examples/bert-base-uncased.yaml"
$bertc inspect examples/bert-base-uncased.yaml

echo "+ bertc import $checkpoint -o $out/model.yaml --name sst2_bert_tiny --head binary"
$bertc import "$checkpoint" -o "$out/model.yaml" --name sst2_bert_tiny --head binary
echo "+ bertc compile $out/model.yaml -o $out --emit=shared"
$bertc compile "$out/model.yaml" -o "$out" --emit=shared

echo "+ bertc fit $out/model.yaml --compiled $out --weights $checkpoint" \
  "--train data/sst2/train.tsv --dev data/sst2/dev.tsv -o $out/fitted.safetensors --baselines ..."
$bertc fit "$out/model.yaml" --compiled "$out" --weights "$checkpoint" \
  --train data/sst2/train.tsv --dev data/sst2/dev.tsv -o "$out/fitted.safetensors" \
  --seed 0 --baselines --csv "$out/curves.csv" --plot "$out/curves.svg"
python3 -c 'import json, sys; print("PyTorch accuracy of the trained checkpoint (2-label classifier, "
  "fp16 weights; training.json): %.4f" % json.load(open(sys.argv[1]))["dev_accuracy_fp16"])' \
  "$checkpoint/training.json"

echo "+ bert-classify --model $out --weights $out/fitted.safetensors TEXT..."
build/runtime/classify/bert-classify --model "$out" --weights "$out/fitted.safetensors" \
  "a gripping, beautifully acted film." \
  "the plot is thin and the jokes fall flat." \
  "an utterly charming and hilarious comedy." \
  "a tedious, overlong mess."
