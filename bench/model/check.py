#!/usr/bin/python3
"""Checks that bertc and ONNX Runtime computed the same model before anything is timed.

  python3 check.py RESULTS_DIR

Compares RESULTS_DIR/bertc-<case>.json (runner output) with RESULTS_DIR/ort-outputs.jsonl on every
case: probabilities and pooled_output of each row must agree within 1e-4 (both are float32; the
export is the same weights). Exits 1 naming the case otherwise.
"""
import json
import os
import sys

TOLERANCE = 1e-4


def main():
    d = sys.argv[1]
    worst = 0.0
    for line in open(os.path.join(d, "ort-outputs.jsonl")):
        ort = json.loads(line)
        ours = json.load(open(os.path.join(d, f"bertc-{ort['case']}.json")))
        for key in ("probabilities", "pooled_output"):
            a, b = ours[key], ort[key]
            if len(a) != len(b) or any(len(x) != len(y) for x, y in zip(a, b)):
                sys.exit(f"{ort['case']}: {key} has a different shape in bertc and ONNX Runtime")
            diff = max(abs(x - y) for ra, rb in zip(a, b) for x, y in zip(ra, rb))
            worst = max(worst, diff)
            if diff > TOLERANCE:
                sys.exit(f"{ort['case']}: {key} differs by {diff:.3g} between bertc and ONNX Runtime")
    print(f"bertc and ONNX Runtime agree on every case: max abs diff {worst:.3g}")
    return worst


if __name__ == "__main__":
    main()
