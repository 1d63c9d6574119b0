#!/usr/bin/env python3
"""PyTorch's probabilities for the committed demo checkpoint (examples/sst2-bert-tiny) on the 872
SST-2 dev sentences, recomputed from its fp16-rounded weights (model.safetensors) in float64 by
bert_reference.bert_forward, into tests/reference/golden/sst2-bert-tiny-dev.json. The ids come
from bert-tokenize (Hugging Face's tokenizer, checked against it by the tokenizer tests).

    sst2_demo_reference.py [--tokenizer build/runtime/tokenizer/bert-tokenize]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from bert_reference import bert_forward  # noqa: E402

CHECKPOINT = os.path.join(ROOT, "examples", "sst2-bert-tiny")


def read_f16_safetensors(path):
    data = open(path, "rb").read()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = {"F16": "<f2", "F32": "<f4", "I64": "<i8"}[info["dtype"]]
        arr = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=dtype).reshape(info["shape"])
        out[name[len("bert."):] if name.startswith("bert.") else name] = torch.from_numpy(arr.astype(np.float64))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokenizer", default=os.path.join(ROOT, "build/runtime/tokenizer/bert-tokenize"))
    a = ap.parse_args()
    cfg = json.load(open(os.path.join(CHECKPOINT, "config.json")))
    W = read_f16_safetensors(os.path.join(CHECKPOINT, "model.safetensors"))
    lines = open(os.path.join(ROOT, "data/sst2/dev.tsv"), encoding="utf-8").read().splitlines()[1:]
    texts = [line.split("\t")[0] for line in lines]
    tok = subprocess.run([a.tokenizer, "--vocab", os.path.join(CHECKPOINT, "vocab.txt"), "--max-len", "512"],
                         input="\n".join(texts) + "\n", capture_output=True, text=True, check=True)
    encoded = [json.loads(line) for line in tok.stdout.splitlines()]
    rcfg = {"num_layers": cfg["num_hidden_layers"], "num_heads": cfg["num_attention_heads"],
            "hidden_act": cfg["hidden_act"], "layer_norm_eps": cfg["layer_norm_eps"],
            "heads": [{"kind": "classes"}]}
    probabilities = []
    with torch.no_grad():
        for e in encoded:
            out = bert_forward(W, rcfg, [e["ids"]], [e["token_type_ids"]], [[1] * len(e["ids"])])
            probabilities.append(out["classes.probabilities"][0].tolist())
    labels = [int(line.split("\t")[1]) for line in lines]
    accuracy = sum(int(np.argmax(p)) == y for p, y in zip(probabilities, labels)) / len(labels)
    with open(os.path.join(HERE, "golden", "sst2-bert-tiny-dev.json"), "w") as f:
        json.dump({"accuracy": accuracy, "probabilities": probabilities}, f)
    print("dev accuracy %.4f over %d sentences" % (accuracy, len(labels)))


if __name__ == "__main__":
    main()
