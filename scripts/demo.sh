#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install packages, build bertc, then
#   1. describe the seed model (examples/bert-base-uncased.yaml, the TF Hub tutorial's classifier);
#   2. compile the small default model (examples/bert-tiny.yaml) into a native shared library;
#   3. give its encoder deterministic weights (no pretrained BERT can be downloaded here);
#   4. fit the head (Dense(1, sigmoid), Adam, binary cross-entropy, encoder frozen, as the
#      tutorial) on SST-2 train with the compiled encoder's features, and print its dev accuracy
#      beside two baselines on the same split: the majority class and logistic regression on
#      bag-of-words counts;
#   5. classify a few sentences with the fitted weights.
# The encoder is untrained: random weights of the "sharp" profile (BERT's own N(0, 0.02) scale
# makes the pooled output almost the same for every text). So expect the head to beat the
# majority class only a little and the bag-of-words model to win; with a pretrained checkpoint
# the same commands apply. Everything lands in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target bertc bert-classify

bertc=build/compiler/bertc
out=out/bert_tiny
mkdir -p "$out"
echo "+ bertc inspect examples/bert-base-uncased.yaml"
$bertc inspect examples/bert-base-uncased.yaml

echo "+ bertc compile examples/bert-tiny.yaml -o $out --emit=shared"
$bertc compile examples/bert-tiny.yaml -o "$out" --emit=shared
echo "+ bertc init-weights examples/bert-tiny.yaml --seed 1 --profile sharp -o $out/encoder.safetensors"
$bertc init-weights examples/bert-tiny.yaml --seed 1 --profile sharp -o "$out/encoder.safetensors"

echo "+ bertc fit examples/bert-tiny.yaml --compiled $out --weights $out/encoder.safetensors" \
  "--train data/sst2/train.tsv --dev data/sst2/dev.tsv -o $out/sst2.safetensors --baselines ..."
$bertc fit examples/bert-tiny.yaml --compiled "$out" --weights "$out/encoder.safetensors" \
  --train data/sst2/train.tsv --dev data/sst2/dev.tsv -o "$out/sst2.safetensors" \
  --seed 0 --baselines --csv "$out/curves.csv" --plot "$out/curves.svg"

echo "+ bert-classify --model $out --weights $out/sst2.safetensors TEXT..."
build/runtime/classify/bert-classify --model "$out" --weights "$out/sst2.safetensors" \
  "a gripping, beautifully acted film." \
  "the plot is thin and the jokes fall flat." \
  "an utterly charming and hilarious comedy." \
  "a tedious, overlong mess."
