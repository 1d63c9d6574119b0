#!/usr/bin/env python3
"""Reference of bertc's reduced-precision dense layer (bertc/model_desc.h, Dense.cpp), in numpy.

Writes OUT/dense.safetensors holding the inputs (x [rows, K], w [N, K], b [N], float32, seeded)
and the outputs the same arithmetic gives:
  int8: weights per output row, q_w = clip(rint(w * (127 / max|w[n]|)), -127, 127), scale
        max|w[n]| * (1/127); each input row likewise with its own max; the product of the s8
        values accumulated in int32, then f32(acc) * (row scale * weight scale) + b.
  bf16: x and w rounded to bf16 (nearest even), products summed in float64, + b.
and OUT/attention.safetensors: for one sequence of `rows` tokens, packed q|k|v rows and their
bf16 attention (bf16_attention() below).
Rounding is numpy's rint (half to even), the f32 operations in the order the kernel does them.
"""
import argparse
import json
import os
import struct

import numpy as np


def quantize_rows(a):
    """Symmetric per-row int8: (q as int32, scale as float32)."""
    a = a.astype(np.float32)
    m = np.max(np.abs(a), axis=1).astype(np.float32)
    inverse = np.where(m > 0, np.float32(127.0) / np.where(m > 0, m, 1), 0).astype(np.float32)
    q = np.clip(np.rint(a * inverse[:, None]), -127, 127).astype(np.int32)
    return q, (m * np.float32(1.0 / 127.0)).astype(np.float32)


def int8_dense(x, w, b):
    qx, sx = quantize_rows(x)
    qw, sw = quantize_rows(w)
    acc = qx.astype(np.int64) @ qw.astype(np.int64).T  # exact; fits int32 for these sizes
    assert np.abs(acc).max() < 2**31
    scale = (sx[:, None] * sw[None, :]).astype(np.float32)
    return (acc.astype(np.float32) * scale + b[None, :]).astype(np.float32)


def to_bf16(a):
    bits = a.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return rounded.astype(np.uint32).view(np.float32)


def bf16_dense(x, w, b):
    acc = to_bf16(x).astype(np.float64) @ to_bf16(w).astype(np.float64).T
    return (acc + b[None, :]).astype(np.float32)


def bf16_attention(qkv, heads, scale):
    """One sequence's packed attention (PackedAttention.cpp) at bf16: q, k, v and the softmax
    numerators exp((s - max) * scale) (computed in float32) rounded to bf16, the products summed in
    float64, each row divided by the sum of its rounded numerators."""
    rows, width = qkv.shape
    d = width // (3 * heads)
    out = np.zeros((rows, heads * d), np.float32)
    for h in range(heads):
        q = to_bf16(qkv[:, h * d:(h + 1) * d]).astype(np.float64)
        k = to_bf16(qkv[:, (heads + h) * d:(heads + h + 1) * d]).astype(np.float64)
        v = to_bf16(qkv[:, (2 * heads + h) * d:(2 * heads + h + 1) * d]).astype(np.float64)
        s = (q @ k.T).astype(np.float32)
        e = to_bf16(np.exp((s - s.max(axis=1, keepdims=True)) * np.float32(scale)))
        e = e.astype(np.float64)
        out[:, h * d:(h + 1) * d] = (e @ v) / e.sum(axis=1, keepdims=True)
    return out


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, a in tensors.items():
        data = np.ascontiguousarray(a, dtype=np.float32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    p.add_argument("--rows", type=int, default=37)  # not a multiple of any row tile
    p.add_argument("--k", type=int, default=70)  # not a multiple of 4: padded groups
    p.add_argument("--n", type=int, default=72)  # not a multiple of 16: a padded panel
    args = p.parse_args()
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1, (args.rows, args.k)).astype(np.float32)
    x[3] *= 40  # rows of very different ranges: one scale per row matters
    x[5] = 0  # an all-zero row: scale 0, no division by zero
    w = rng.normal(0, 0.05, (args.n, args.k)).astype(np.float32)
    w[4] *= 30  # output rows of different ranges: one scale per channel matters
    w[6] = 0
    b = rng.normal(0, 0.5, args.n).astype(np.float32)
    attention = {}
    for heads, d in ((2, 32), (3, 20)):  # heads that fill AVX-512 vectors and that do not
        qkv = rng.normal(0, 1, (args.rows, 3 * heads * d)).astype(np.float32)
        qkv[:, :heads * d] *= 3  # peaked softmax rows: rounding the numerators matters
        name = "h%d_d%d" % (heads, d)
        attention[name + "_qkv"] = qkv
        attention[name + "_bf16"] = bf16_attention(qkv, heads, 1.0 / np.sqrt(d))
    os.makedirs(args.out, exist_ok=True)
    write_safetensors(os.path.join(args.out, "dense.safetensors"),
                      {"x": x, "w": w, "b": b, "int8": int8_dense(x, w, b),
                       "bf16": bf16_dense(x, w, b)})
    write_safetensors(os.path.join(args.out, "attention.safetensors"), attention)


if __name__ == "__main__":
    main()
