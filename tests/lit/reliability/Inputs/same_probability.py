#!/usr/bin/env python3
"""Checks that each of FILES (bert-classify TSV, one line) has the probability of line LINE of
EXPECTED and echoes a text holding a NUL byte: `same_probability.py EXPECTED LINE FILES...`."""
import sys

expected, line = sys.argv[1], int(sys.argv[2])
with open(expected, "rb") as f:
    want = f.read().split(b"\n")[line - 1].split(b"\t")[1]
for path in sys.argv[3:]:
    with open(path, "rb") as f:
        fields = f.read().rstrip(b"\n").split(b"\t")
    if fields[1] != want or b"\x00" not in fields[2]:
        sys.exit(f"{path}: {fields!r}, expected probability {want!r} and a NUL in the text")
print(f"{len(sys.argv) - 3} files: probability of expected line {line}, text with its NUL")
