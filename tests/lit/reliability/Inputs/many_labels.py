#!/usr/bin/env python3
"""Writes a model description with N labels on its classes head (`many_labels.py OUT N`), or,
with --pad BYTES, one padded with a comment to BYTES bytes."""
import sys

out, n = sys.argv[1], int(sys.argv[2])
pad = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--pad" else 0
text = "name: many\npreset: bert-tiny\ninput: {max_seq_len: 128, max_batch: 8}\nhead:\n  kind: classes\n  labels:\n"
text += "".join(f"    - label_{i}\n" for i in range(n))
if pad > len(text):
    text += "#" + "x" * (pad - len(text) - 2) + "\n"
with open(out, "w") as f:
    f.write(text)
