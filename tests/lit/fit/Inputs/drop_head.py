"""Copies a safetensors file without the tensors whose names start with a prefix (an encoder-only
checkpoint, as Hugging Face's BertModel saves). Pure Python: CI has no numpy."""
import json
import struct
import sys

src, prefix, dst = sys.argv[1:4]
data = open(src, "rb").read()
(n,) = struct.unpack("<Q", data[:8])
header = json.loads(data[8:8 + n])
body, out, offset = data[8 + n:], {}, 0
blobs = []
for name, info in header.items():
    if name == "__metadata__":
        out[name] = info
        continue
    if name.startswith(prefix):
        continue
    begin, end = info["data_offsets"]
    blobs.append(body[begin:end])
    out[name] = dict(info, data_offsets=[offset, offset + end - begin])
    offset += end - begin
head = json.dumps(out).encode()
head += b" " * (-len(head) % 8)
with open(dst, "wb") as f:
    f.write(struct.pack("<Q", len(head)) + head + b"".join(blobs))
