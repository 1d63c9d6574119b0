#!/usr/bin/python3
"""Golden probabilities for the classify tests (tests/lit/classify/): bert-tiny
(examples/bert-tiny.yaml) with `bertc init-weights --seed 1 [--profile sharp]` weights, on a few texts, a pair and
an over-long text.

Why: bert-classify's answers must be checked against values that do not come from bertc's model
code. The ids come from bert-tokenize (itself checked against Hugging Face's tokenizer in
tests/tokenizer), truncated to max_seq_len 128 as Hugging Face truncates; the probabilities come
from the PyTorch reference (bert_reference.py, float64) with the weights of weightgen.py (the
twin of bertc init-weights, checked by golden/weightgen-check.json).

How (Debian's python with torch; CI only reads the output):
  /usr/bin/python3 tests/reference/classify_golden.py build/runtime/tokenizer/bert-tokenize
rewrites tests/reference/golden/classify-tiny.json.
"""

import json
import os
import subprocess
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bert_reference as ref  # noqa: E402
import weightgen  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB = os.path.join(HERE, "..", "..", "data", "bert-vocab", "bert-base-uncased-vocab.txt")
# examples/bert-tiny.yaml: the bert-tiny preset with a binary head.
CONFIG = {"vocab_size": 30522, "hidden_size": 128, "num_layers": 2, "num_heads": 2,
          "intermediate_size": 512, "max_position_embeddings": 512, "type_vocab_size": 2,
          "hidden_act": "gelu", "layer_norm_eps": 1e-12,
          "heads": [{"kind": "binary", "name": "binary", "prefix": "classifier"}]}
MAX_SEQ_LEN = 128
# bert: the default of init-weights (probabilities near 0.52); sharp: logits spread wide enough
# that texts get different labels.
PROFILES = ["bert", "sharp"]
INPUTS = [
    {"text": "it 's a charming and often affecting journey . "},
    {"text": "unflinchingly bleak and desperate"},
    {"text": "Hello, world!"},
    {"text_a": "The cat sat on the mat.", "text_b": "A cat was sitting on a mat."},
    {"text": "a good film that runs far too long . " * 40},
    {"text_a": "what is this about ? " * 30, "text_b": "a short answer ."},
]


def tokenize(tool, item):
    pair = "text_a" in item
    text = item["text_a"] + "\t" + item["text_b"] if pair else item["text"]
    args = [tool, "--vocab", VOCAB, "--max-len", str(MAX_SEQ_LEN)] + (["--tsv"] if pair else [])
    out = subprocess.run(args, input=text + "\n", capture_output=True, text=True, check=True).stdout
    enc = json.loads(out)
    return enc["ids"], enc["token_type_ids"]


def main():
    tool = sys.argv[1]
    cfg = ref.normalize_config(CONFIG)
    weights = {profile: ref.to_torch(weightgen.generate_weights(cfg, 1, profile), torch.float64)
               for profile in PROFILES}
    cases = []
    for item in INPUTS:
        ids, types = tokenize(tool, item)
        probability = {}
        for profile, W in weights.items():
            with torch.no_grad():
                out = ref.bert_forward(W, cfg, [ids], [types], [[1] * len(ids)])
            probability[profile] = float(out["binary.probabilities"].to(torch.float32)[0, 0])
        cases.append(dict(item, tokens=len(ids), probability=probability))
    doc = {"format": "bertc-classify-golden/1", "model": "examples/bert-tiny.yaml",
           "weights": {"generator": weightgen.SPEC, "seed": 1, "profiles": PROFILES},
           "vocab": "data/bert-vocab/bert-base-uncased-vocab.txt", "max_seq_len": MAX_SEQ_LEN,
           "cases": cases}
    with open(os.path.join(HERE, "golden", "classify-tiny.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
