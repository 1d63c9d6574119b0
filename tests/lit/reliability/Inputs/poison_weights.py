#!/usr/bin/env python3
"""Copies a safetensors file with one F32 value replaced: poison_weights.py IN OUT TENSOR VALUE
[INDEX], VALUE being nan, inf, -inf or a number. Plain Python (struct, json): the file format is
8 bytes of header length, a JSON header, then the tensors' bytes."""
import json
import struct
import sys

src, dst, tensor, value = sys.argv[1:5]
index = int(sys.argv[5]) if len(sys.argv) > 5 else 0
with open(src, "rb") as f:
    data = bytearray(f.read())
(header_len,) = struct.unpack("<Q", data[:8])
header = json.loads(data[8 : 8 + header_len])
entry = header[tensor]
assert entry["dtype"] == "F32", entry
at = 8 + header_len + entry["data_offsets"][0] + 4 * index
data[at : at + 4] = struct.pack("<f", float(value))
with open(dst, "wb") as f:
    f.write(data)
