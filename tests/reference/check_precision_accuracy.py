#!/usr/bin/env python3
"""The accuracy gates of reduced precision, on the trained demo model and all 872 SST-2 dev
sentences: int8 within 0.5 point of f32's accuracy with the same label on >= 98.5% of sentences;
bf16 within 0.2 point and >= 99.5%. Each reduced-precision model runs on every instruction set it
was compiled for that this CPU runs (BERTC_ISA); a path the CPU lacks is reported as skipped.

  check_precision_accuracy.py --classify BERT_CLASSIFY --weights DIR --data dev.tsv \
      --f32 OUT_F32 --int8 OUT_INT8 --bf16 OUT_BF16

Prints one line per model and path, then "all gates met"; exits 1 when a gate fails.
"""
import argparse
import json
import os
import subprocess
import sys

GATES = {"int8": (0.005, 0.985), "bf16": (0.002, 0.995)}
ISAS = ["avx512_vnni", "avx512_bf16", "avx512", "avx2", "sse41"]


def classify(args, model, isa=None):
    env = dict(os.environ)
    env.pop("BERTC_ISA", None)
    if isa:
        env["BERTC_ISA"] = isa
    r = subprocess.run([args.classify, "--model", model, "--weights", args.weights, "--input",
                        args.data, "--format", "jsonl"], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip()
    return [row["label"] for row in map(json.loads, r.stdout.splitlines())], ""


def main():
    p = argparse.ArgumentParser()
    for name in ("classify", "weights", "data", "f32", "int8", "bf16"):
        p.add_argument("--" + name, required=True)
    args = p.parse_args()
    lines = open(args.data, encoding="utf-8").read().splitlines()[1:]
    gold = ["positive" if line.rsplit("\t", 1)[1] == "1" else "negative" for line in lines]
    f32, err = classify(args, args.f32)
    if f32 is None:
        sys.exit("f32: " + err)
    base = sum(a == g for a, g in zip(f32, gold)) / len(gold)
    print(f"f32: {len(gold)} sentences, accuracy {base:.4f}")
    ok, ran = True, 0
    for precision, (max_drop, min_agree) in GATES.items():
        for isa in ISAS:
            labels, err = classify(args, getattr(args, precision), isa)
            if labels is None:
                if "cannot run it" in err or "has no code for it" in err:
                    print(f"{precision} {isa}: skipped ({err.split(': ', 1)[-1]})")
                    continue
                sys.exit(f"{precision} {isa}: {err}")
            acc = sum(a == g for a, g in zip(labels, gold)) / len(gold)
            agree = sum(a == b for a, b in zip(labels, f32)) / len(gold)
            met = base - acc <= max_drop and agree >= min_agree
            ok, ran = ok and met, ran + 1
            print(f"{precision} {isa}: accuracy {acc:.4f} ({(acc - base) * 100:+.2f} points), "
                  f"same label as f32 on {agree:.2%}: {'met' if met else 'NOT MET'}")
    if not ok or ran == 0:
        sys.exit("a gate is not met" if ran else "no path ran")
    print("all gates met")


if __name__ == "__main__":
    main()
