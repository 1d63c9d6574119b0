#!/usr/bin/python3
"""Summary table for run.sh: summarize.py CHECK.jsonl HALIDE.jsonl ORT.jsonl ROUNDS ITERS THREADS LOAD.txt"""
import json
import statistics as st
import sys
from collections import defaultdict


check_f, halide_f, ort_f, rounds, iters, threads, load_f = sys.argv[1:8]
load = [l.strip() for l in open(load_f)]
check = [json.loads(l) for l in open(check_f)]
halide = [json.loads(l) for l in open(halide_f)]
ort = [json.loads(l) for l in open(ort_f)]

# ORT runs with and without intra-op spin-waiting each round; compare against the better setting.
ort_cfg = {}
for spin in (True, False):
    rs = [r for r in ort if r.get("spin", True) == spin]
    if rs:
        ort_cfg[spin] = rs
ort_meds = {spin: st.median(st.median(r["model_ms"]) for r in rs) for spin, rs in ort_cfg.items()}
best_spin = min(ort_meds, key=ort_meds.get)
ort = ort_cfg[best_spin]
ort_round = [st.median(r["model_ms"]) for r in ort]
ort_med = st.median(ort_round)
ort_min = min(x for rs in ort_cfg.values() for r in rs for x in r["model_ms"])
by_var = defaultdict(list)
for r in halide:
    by_var[r["variant"]].append(r)
order = list(dict.fromkeys(r["variant"] for r in halide))

print(f"## Halide prototype layer vs ONNX Runtime bert-base / 12  ({rounds} rounds x {iters} runs, {threads} threads)\n")
print("1-min load average at the start of each round: " + ", ".join(load) + " (the machine has 2 cores; >~1 means other work competed)\n")
print("ONNX Runtime settings: " + "; ".join(f"spin-waiting {'on' if k else 'off'}: median {v:.2f} ms" for k, v in ort_meds.items())
      + f" -> ratios below use spin-waiting {'on' if best_spin else 'off'}\n")
print(f"ONNX Runtime whole model: median {ort_med:.2f} ms (per-round medians "
      + ", ".join(f"{x:.1f}" for x in ort_round) + f") -> per layer {ort_med / 12:.3f} ms; "
      f"ORT vs PyTorch output max abs diff {max(r['max_abs_diff_vs_torch'] for r in ort):.2g}\n")
print(f"ORT fastest single run: {ort_min:.2f} ms (per layer {ort_min / 12:.3f} ms). 'best' columns compare the fastest "
      "single runs of each engine, which is what contention (other work on the 2 cores) distorts least.\n")
print("| variant | layer ms (median of round medians) | ratio to ORT/12 | median per-round ratio | best layer ms | best ratio | max abs diff vs torch / vs C++ ref |")
print("| --- | --- | --- | --- | --- | --- | --- |")
chk = {r["variant"]: r for r in check}
for v in order:
    rs = by_var[v]
    meds = [r["layer_ms"] for r in rs]
    per_round = [m / (o / 12) for m, o in zip(meds, ort_round)]
    c = chk.get(v, {})
    print(f"| {v} | {st.median(meds):.3f} | {st.median(meds) / (ort_med / 12):.3f} | {st.median(per_round):.3f} | "
          f"{min(x for r in rs for x in r['layer_ms_all']):.3f} | {min(x for r in rs for x in r['layer_ms_all']) / (ort_min / 12):.3f} | "
          f"{c.get('max_abs_diff_torch', float('nan')):.2g} / {c.get('max_abs_diff_ref', float('nan')):.2g} |")

print("\n### Per-kernel medians (ms, GFLOP/s), median over rounds of each round's median\n")
kernels = list(dict.fromkeys(k for r in halide for k in r["kernels"]))
print("| variant | " + " | ".join(kernels) + " | sum |")
print("| --- |" + " --- |" * (len(kernels) + 1))
for v in order:
    rs = by_var[v]
    cells, total = [], 0.0
    for k in kernels:
        ms = [r["kernels"][k]["ms"] for r in rs if k in r["kernels"]]
        gf = [r["kernels"][k]["gflops"] for r in rs if k in r["kernels"]]
        if not ms:
            cells.append("-")
            continue
        m = st.median(ms)
        total += m
        cells.append(f"{m:.3f}" + (f" ({st.median(gf):.0f})" if st.median(gf) > 0 else ""))
    print(f"| {v} | " + " | ".join(cells) + f" | {total:.3f} |")
