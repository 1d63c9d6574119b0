#!/usr/bin/env python3
"""Writes an edited copy of a vocab.txt: `edit_vocab.py IN OUT rename OLD NEW` replaces the line
OLD (keeping the line count), `edit_vocab.py IN OUT keep N` keeps the first N lines."""
import sys

src, dst, op = sys.argv[1:4]
with open(src, encoding="utf-8") as f:
    lines = f.read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
if op == "rename":
    lines = [sys.argv[5] if line == sys.argv[4] else line for line in lines]
elif op == "keep":
    lines = lines[: int(sys.argv[4])]
else:
    sys.exit(f"unknown operation {op}")
with open(dst, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
