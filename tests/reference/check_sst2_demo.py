#!/usr/bin/env python3
"""Compares bert-classify's JSON lines on SST-2 dev, run with the committed demo checkpoint
(examples/sst2-bert-tiny imported as it is: a 2-label classifier), with PyTorch's probabilities
(golden/sst2-bert-tiny-dev.json, written by sst2_demo_reference.py):

    check_sst2_demo.py OUTPUT.jsonl [--tol 1e-4]
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("--tol", type=float, default=1e-4)
    a = ap.parse_args()
    golden = json.load(open(os.path.join(HERE, "golden", "sst2-bert-tiny-dev.json")))
    rows = [json.loads(line) for line in open(a.output, encoding="utf-8")]
    if len(rows) != len(golden["probabilities"]):
        sys.exit(f"check_sst2_demo: {len(rows)} rows, PyTorch has {len(golden['probabilities'])}")
    worst, failed = 0.0, 0
    for i, (row, want) in enumerate(zip(rows, golden["probabilities"])):
        head = next(iter(row["heads"].values()))
        got = [head["probabilities"]["negative"], head["probabilities"]["positive"]]
        diff = max(abs(x - y) for x, y in zip(got, want))
        worst = max(worst, diff)
        if diff > a.tol:
            failed += 1
            print(f"row {i + 1}: {got} vs PyTorch {want}")
    print(f"{len(rows)} dev sentences, max abs diff {worst:.3g}, {failed} beyond {a.tol:g}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
