#!/usr/bin/env python3
"""Compares bert-fill-mask's JSON line with PyTorch's top-k (a directory's fill_mask.json, written
by hf_directories.py): the same tokens in the same order, probabilities within --tol.

    check_fill_mask.py DIR OUTPUT.jsonl [--tol 1e-4]
"""
import argparse
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("output")
    ap.add_argument("--tol", type=float, default=1e-4)
    a = ap.parse_args()
    want = json.load(open(os.path.join(a.dir, "fill_mask.json")))
    got = json.loads(open(a.output).read().splitlines()[0])
    if got["text"] != want["text"] or len(got["masks"]) != 1:
        sys.exit(f"check_fill_mask: expected one [MASK] in {want['text']!r}, got {got}")
    tokens = [c["token"] for c in got["masks"][0]]
    diff = max(abs(c["probability"] - w["probability"]) for c, w in zip(got["masks"][0], want["top"]))
    same = tokens == [w["token"] for w in want["top"]]
    print(f"top {len(tokens)}: {' '.join(tokens)}; tokens {'match' if same else 'DIFFER'}, "
          f"max abs diff {diff:.3g}")
    sys.exit(0 if same and diff <= a.tol else 1)


if __name__ == "__main__":
    main()
