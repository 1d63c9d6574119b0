#!/usr/bin/python3
"""PyTorch (Debian python3-torch, eval mode, no_grad) on the benchmark's cases: the same module
export_onnx.py exports, with the same weights.

  /usr/bin/python3 torch_cases.py MODEL.json WEIGHTS.safetensors CASES.json THREADS ITERS

Prints one JSON line per case: {"case", "ms": [per run]} after two warm-up runs (batch-8 cases
run 0.4x as often, as the other engines). Debian's torch links the reference BLAS unless
LD_LIBRARY_PATH points at an optimized libblas.so.3 (run.sh extracts OpenBLAS for that).
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_onnx import Classifier, load, read_safetensors  # noqa: E402


def main():
    info_path, weights_path, cases_path, threads, iters = sys.argv[1:6]
    torch.set_num_threads(int(threads))
    info = json.load(open(info_path))
    head = info["heads"][0]
    model = Classifier(info["encoder"], head).eval()
    load(model, read_safetensors(weights_path), head)
    for c in json.load(open(cases_path)):
        b = json.load(open(c["file"]))
        args = [torch.tensor(b[k], dtype=torch.long) for k in ("input_ids", "token_type_ids", "attention_mask")]
        n = max(1, round(int(iters) * (0.4 if c["batch"] > 1 else 1)))
        ms = []
        with torch.no_grad():
            for _ in range(2):
                model(*args)
            for _ in range(n):
                t0 = time.perf_counter()
                model(*args)
                ms.append((time.perf_counter() - t0) * 1e3)
        print(json.dumps({"case": c["name"], "ms": ms}), flush=True)


if __name__ == "__main__":
    main()
