#!/usr/bin/env python3
"""Checks structural promises of a kernel manifest that FileCheck cannot express: the kernel
count bound, the arena/peak ratio, that every call names a known kernel, that buffers read are
buffers written earlier, that every buffer has room for the row slack the kernels declare, and
that each layer's weights are read exactly once."""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument("manifest")
ap.add_argument("--max-kernels", type=int, required=True)
ap.add_argument("--max-arena-ratio", type=float, required=True)
ap.add_argument("--layers", type=int, required=True)
a = ap.parse_args()
m = json.load(open(a.manifest))
errors = []
if len(m["kernels"]) > a.max_kernels:
    errors.append(f"{len(m['kernels'])} kernels > {a.max_kernels}")
if m["arena_bytes"] > a.max_arena_ratio * m["peak_live_bytes"]:
    errors.append(f"arena {m['arena_bytes']} > {a.max_arena_ratio} x peak {m['peak_live_bytes']}")
names = {k["name"] for k in m["kernels"]}
if sum(k["calls"] for k in m["kernels"]) != len(m["calls"]):
    errors.append("kernel call counts do not add up to the call list")
written = set()
weights = []
slack = -(-max(k["row_slack"] for k in m["kernels"]) // 16) * 16
for i, c in enumerate(m["calls"]):
    if c["kernel"] not in names:
        errors.append(f"call {i} names unknown kernel {c['kernel']}")
    for arg in c["args"]:
        if "buffer" in arg and (arg["buffer"]["offset"], arg["buffer"]["bytes"]) not in written:
            errors.append(f"call {i} reads a buffer no earlier call wrote: {arg['buffer']}")
        weights += arg.get("weights_concat", []) + ([arg["weight"]] if "weight" in arg else [])
    for r in c["results"]:
        if r["offset"] + r["bytes"] > m["arena_bytes"]:
            errors.append(f"call {i} writes past the arena")
        if r["bytes"] < (-(-r["max_rows"] // 16) * 16 + slack) * r["width"] * 4:
            errors.append(f"call {i}: a result of {r['bytes']} bytes leaves no {slack} rows of slack")
        written.add((r["offset"], r["bytes"]))
for layer in range(a.layers):
    for suffix in ["attention.self.query.weight", "attention.output.dense.weight",
                   "intermediate.dense.weight", "output.LayerNorm.bias"]:
        n = weights.count(f"encoder.layer.{layer}.{suffix}")
        if n != 1:
            errors.append(f"encoder.layer.{layer}.{suffix} read {n} times")
for e in errors:
    print("check_manifest:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
