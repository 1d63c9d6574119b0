#!/usr/bin/python3
"""Turns the benchmark's raw timings into medians, ratios, the bars, a table and a plot.

  python3 summarize.py RESULTS_DIR

Reads RESULTS_DIR/{timings.jsonl, cases.json, model.json, run.json, memory.jsonl if present};
writes results.md (the table docs/performance.md quotes), results.json and latency-vs-length.svg;
prints results.md.
Per engine, case and thread count: the median of each round's median, and the spread of the
round medians; the ratio is bertc's median over ONNX Runtime's (lower is better for bertc).
"""
import json
import os
import statistics
import sys


def load(d):
    rows = [json.loads(line) for line in open(os.path.join(d, "timings.jsonl"))]
    cases = json.load(open(os.path.join(d, "cases.json")))
    info = json.load(open(os.path.join(d, "model.json")))
    run = json.load(open(os.path.join(d, "run.json")))
    return rows, cases, info, run


def medians(rows):
    per = {}
    for r in rows:
        per.setdefault((r["engine"], r["threads"], r["case"]), []).append(r["median_ms"])
    return {k: (statistics.median(v), min(v), max(v), len(v)) for k, v in per.items()}


def svg_plot(path, series, title):
    """series: [(label, colour, dash, [(x, y)])]; log2 x axis (sequence length), linear y."""
    W, H, L, R, T, B = 640, 400, 64, 150, 40, 48
    xs = sorted({x for s in series for x, _ in s[3]})
    ymax = max(y for s in series for _, y in s[3]) * 1.1
    def px(x):
        return L + (xs.index(x) / max(1, len(xs) - 1)) * (W - L - R)
    def py(y):
        return H - B - y / ymax * (H - T - B)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>',
           f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
           f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
           f'<text x="{(L + W - R) / 2}" y="{H - 10}" text-anchor="middle">sequence length (tokens, batch 1)</text>',
           f'<text x="16" y="{(T + H - B) / 2}" transform="rotate(-90 16 {(T + H - B) / 2})" text-anchor="middle">latency (ms, median)</text>']
    for x in xs:
        out.append(f'<line x1="{px(x)}" y1="{H - B}" x2="{px(x)}" y2="{H - B + 5}" stroke="black"/>')
        out.append(f'<text x="{px(x)}" y="{H - B + 18}" text-anchor="middle">{x}</text>')
    step = 10 ** len(str(int(ymax / 5))) / 10
    while ymax / step > 8:
        step *= 2
    y = 0.0
    while y <= ymax:
        out.append(f'<line x1="{L - 5}" y1="{py(y):.1f}" x2="{W - R}" y2="{py(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 8}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
        y += step
    for i, (label, colour, dash, pts) in enumerate(series):
        d = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in pts)
        out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        for x, v in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"/>')
        ly = T + 10 + 20 * i
        out.append(f'<line x1="{W - R + 10}" y1="{ly}" x2="{W - R + 35}" y2="{ly}" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{W - R + 40}" y="{ly + 4}">{label}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def reduced_precision_table(rows, med, cases, threads, result):
    """bertc int8 against ONNX Runtime's dynamic int8, bertc bf16 against ORT fp32, with the
    instruction set each bertc run reported (--bench "isa")."""
    engines = {r["engine"] for r in rows}
    if not engines & {"bertc-int8", "bertc-bf16"}:
        return []
    isa = {r["engine"]: r.get("isa") for r in rows if r.get("isa")}
    lines = ["", "Reduced precision (bertc's path: " +
             ", ".join(f"{e} {isa[e]}" for e in sorted(isa)) + "):", "",
             "| case | threads | bertc f32 ms | bertc int8 ms | ORT int8 ms | int8 bertc / ORT |"
             " bertc bf16 ms | ORT f32 ms | bf16 bertc / ORT f32 |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    result["reduced"] = []
    for t in threads:
        for c in cases:
            def ms(engine):
                return med.get((engine, t, c["name"]), (float("nan"),))[0]
            f, i8, o8, b16, o = (ms(e) for e in ("bertc", "bertc-int8", "ort-int8", "bertc-bf16", "ort"))
            lines.append(f"| {c['name']} | {t} | {f:.2f} | {i8:.2f} | {o8:.2f} | {i8 / o8:.2f} | "
                         f"{b16:.2f} | {o:.2f} | {b16 / o:.2f} |")
            result["reduced"].append({"case": c["name"], "threads": t, "bertc_f32_ms": f,
                                      "bertc_int8_ms": i8, "ort_int8_ms": o8, "bertc_bf16_ms": b16,
                                      "ort_f32_ms": o, "isa": isa})
    return lines


def memory_lines(d, result):
    """Peak RSS of each bertc runner (run.sh's memory.jsonl), against f32's."""
    path = os.path.join(d, "memory.jsonl")
    rows = [json.loads(line) for line in open(path)] if os.path.exists(path) else []
    if not rows:
        return []
    kb = {r["engine"]: r["peak_rss_kb"] for r in rows}
    f32 = kb.get("bertc")
    parts = [f"{e} {v:,} kB" + (f" ({v / f32:.2f}x f32)" if f32 and e != "bertc" else "")
             for e, v in kb.items()]
    result["peak_rss_kb"] = kb
    lines = ["", f"Peak RSS (`<runner> --weights W --bench 1 {rows[0]['case']}.json`, GNU time): "
             + ", ".join(parts) + "."]
    if f32 and "bertc-int8" in kb:
        ratio = kb["bertc-int8"] / f32
        lines.append(f"- int8 peak RSS <= 0.4x f32's (the bar is bert-base's): {ratio:.2f} — "
                     f"{'met' if ratio <= 0.4 else 'NOT met'}")
    return lines


def main():
    d = sys.argv[1]
    rows, cases, info, run = load(d)
    med = medians(rows)
    threads = sorted({r["threads"] for r in rows})
    flops = info["flops_per_sequence"]
    torch = "torch" in run.get("engines", [])
    lines = [f"Model `{info['name']}` ({info['parameters']:,} parameters), {run['rounds']} rounds, "
             f"engines alternating; {run['machine']}.", "",
             "| case | real tokens | threads | bertc ms | ONNX Runtime ms | bertc / ORT |"
             + (" PyTorch ms | bertc / PyTorch |" if torch else ""),
             "| --- | ---: | ---: | ---: | ---: | ---: |" + (" ---: | ---: |" if torch else "")]
    result = {"model": info["name"], "run": run, "cases": []}
    for t in threads:
        for c in cases:
            b = med.get(("bertc", t, c["name"]))
            o = med.get(("ort", t, c["name"]))
            if not b or not o:
                continue
            ratio = b[0] / o[0]
            gf = ""
            if c["seq"] == info["input"]["max_seq_len"] and c["tokens"] == c["batch"] * c["seq"]:
                gf = f" ({flops * c['batch'] / b[0] / 1e6:.0f} vs {flops * c['batch'] / o[0] / 1e6:.0f} GFLOP/s)"
            row = (f"| {c['name']}{gf} | {c['tokens']} | {t} | {b[0]:.2f} [{b[1]:.2f}–{b[2]:.2f}] | "
                   f"{o[0]:.2f} [{o[1]:.2f}–{o[2]:.2f}] | {ratio:.2f} |")
            entry = {"case": c["name"], "threads": t, "bertc_ms": b[0], "ort_ms": o[0],
                     "bertc_round_range": [b[1], b[2]], "ort_round_range": [o[1], o[2]],
                     "ratio": ratio, "rounds": b[3]}
            p = med.get(("torch", t, c["name"]))
            if torch and p:
                row += f" {p[0]:.2f} [{p[1]:.2f}–{p[2]:.2f}] | {b[0] / p[0]:.2f} |"
                entry.update(torch_ms=p[0], torch_round_range=[p[1], p[2]], ratio_torch=b[0] / p[0])
            lines.append(row)
            result["cases"].append(entry)
    lines += ["", "Medians of the per-round medians; [min–max] of the round medians. Ratios below 1: "
              "bertc is faster.", "", "Bars:"]
    bars = []
    maxlen = info["input"]["max_seq_len"]
    for t in threads:
        b128 = med.get(("bertc", t, f"b1-s{maxlen}"))
        o128 = med.get(("ort", t, f"b1-s{maxlen}"))
        b32 = med.get(("bertc", t, "b1-s32"))
        if t == 2 and b128 and o128:
            bars.append((f"b1 s{maxlen} at 2 threads within 1.5x of ONNX Runtime", b128[0] / o128[0], 1.5))
        if b32 and b128:
            bars.append((f"bertc seq 32 / seq {maxlen} at {t} thread(s) <= 0.4", b32[0] / b128[0], 0.4))
    for name, value, limit in bars:
        lines.append(f"- {name}: {value:.2f} — {'met' if value <= limit else 'NOT met'}")
    result["bars"] = [{"bar": n, "value": v, "limit": l, "met": v <= l} for n, v, l in bars]
    lines += reduced_precision_table(rows, med, cases, threads, result)
    lines += memory_lines(d, result)
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(d, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    colours = {"bertc": "#1f77b4", "ort": "#d62728", "torch": "#2ca02c"}
    series = []
    for t in threads:
        for engine, label in (("bertc", "bertc"), ("ort", "ONNX Runtime"), ("torch", "PyTorch")):
            pts = [(c["seq"], med[(engine, t, c["name"])][0]) for c in cases
                   if c["batch"] == 1 and (engine, t, c["name"]) in med]
            if pts:
                series.append((f"{label}, {t} thr", colours[engine], "" if t == threads[-1] else "6,4", pts))
    svg_plot(os.path.join(d, "latency-vs-length.svg"), series, f"{info['name']}: latency against sequence length")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
