#!/usr/bin/env python3
"""Checks that bert-classify's JSON lines name exactly the labels labels_model.py wrote, byte
for byte and in order: `check_labels.py LABELS.json < predictions.jsonl`."""
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    want = json.load(f)
for number, line in enumerate(sys.stdin, 1):
    got = list(json.loads(line)["heads"]["classes"]["probabilities"].keys())
    if got != want:
        sys.exit(f"line {number}: labels differ: {got!r} != {want!r}")
    print(f"line {number}: {len(got)} labels exact")
