#!/usr/bin/env python3
"""Runs bert-classify (JSON lines) on the texts of tests/reference/golden/classify-tiny.json and
compares each probability with the PyTorch reference's, and the label with the one the reference
probability chooses at 0.5.

  check_golden.py GOLDEN.json PROFILE OUTDIR bert-classify ARGS...

Writes the inputs to OUTDIR/golden-PROFILE.jsonl, classifies them with --input there, and prints
`PROFILE: N cases, M failed, max error E`.
"""
import json
import os
import subprocess
import sys

TOLERANCE = 1e-5  # float32 against the float64 reference, a two-layer model

golden_path, profile, outdir = sys.argv[1:4]
command = sys.argv[4:]
with open(golden_path) as f:
    golden = json.load(f)
inputs = os.path.join(outdir, "golden-%s.jsonl" % profile)
with open(inputs, "w") as f:
    for case in golden["cases"]:
        f.write(json.dumps({k: case[k] for k in ("text", "text_a", "text_b") if k in case}) + "\n")
out = subprocess.run(command + ["--format", "jsonl", "--input", inputs], capture_output=True,
                     text=True, check=True).stdout.splitlines()
if len(out) != len(golden["cases"]):
    sys.exit("expected %d lines, got %d" % (len(golden["cases"]), len(out)))
failed, worst = 0, 0.0
for case, line in zip(golden["cases"], out):
    got = json.loads(line)
    want = case["probability"][profile]
    err = abs(got["probability"] - want)
    worst = max(worst, err)
    label = "positive" if want >= 0.5 else "negative"
    if err > TOLERANCE or got["label"] != label:
        failed += 1
        print("FAIL %r: probability %.7f (reference %.7f), label %s (reference %s)"
              % (case.get("text", case.get("text_a"))[:40], got["probability"], want, got["label"], label))
print("%s: %d cases, %d failed, max error %.1e" % (profile, len(out), failed, worst))
