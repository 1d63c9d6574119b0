#!/usr/bin/env python3
"""Writes bytes given as a Python string literal's body (so \\x00, \\n, \\t are spelled out in a
lit RUN line): `write_bytes.py OUT 'hello\\x00 world\\n'`. `write_bytes.py OUT --repeat N TEXT`
writes TEXT N times."""
import ast
import sys

out = sys.argv[1]
if sys.argv[2] == "--repeat":
    data = ast.literal_eval("b'" + sys.argv[4] + "'") * int(sys.argv[3])
else:
    data = ast.literal_eval("b'" + sys.argv[2] + "'")
with open(out, "wb") as f:
    f.write(data)
