#!/usr/bin/env python3
"""Compares a runner's output on a Hugging Face test directory's input.json with what PyTorch
computed (its expected.json, written by hf_directories.py):

    check_hf_import.py DIR RUNNER_OUTPUT.json [--tol 1e-4]

Per-token outputs (last_hidden_state, mlm logits) are compared where the attention mask is 1;
every output PyTorch computed must be in the runner's output. Prints one line per output and
exits 1 if any differs by more than --tol.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_parity import flatten, runner_value  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("output")
    ap.add_argument("--tol", type=float, default=1e-4)
    a = ap.parse_args()
    expected = json.load(open(os.path.join(a.dir, "expected.json")))
    mask = json.load(open(os.path.join(a.dir, "input.json")))["attention_mask"]
    result = json.load(open(a.output))
    failed = 0
    for name, want in sorted(expected.items()):
        got = runner_value(result, name)
        if got is None:
            print(f"{name}: missing from the runner's output")
            failed += 1
            continue
        if name == "last_hidden_state" or name.endswith("mlm.logits"):
            keep = [(b, s) for b in range(len(mask)) for s in range(len(mask[b])) if mask[b][s]]
            want = [want[b][s] for b, s in keep]
            got = [got[b][s] for b, s in keep]
        want, got = flatten(want), flatten(got)
        diff = max(abs(x - y) for x, y in zip(want, got)) if len(want) == len(got) else float("inf")
        ok = diff <= a.tol
        failed += not ok
        print(f"{name}: {len(want)} values, max abs diff {diff:.3g}{'' if ok else ' FAILED'}")
    print(f"{os.path.basename(os.path.normpath(a.dir))}: {len(expected)} outputs, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
