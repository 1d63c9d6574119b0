"""Compares `bertc fit --dev-probabilities` (TSV: line, probability) with bert-classify's JSON
lines for the same dev file: the compiled model running the fitted weights must give the
probabilities fit reported (within float32 rounding of two summation orders)."""
import json
import sys

fit_rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])][1:]
classified = [json.loads(line) for line in open(sys.argv[2])]
if len(fit_rows) != len(classified):
    sys.exit(f"fit reported {len(fit_rows)} rows, bert-classify answered {len(classified)}")
worst = max(abs(float(p) - c["probability"]) for (_, p), c in zip(fit_rows, classified))
if worst > 1e-5:
    sys.exit(f"probabilities differ by up to {worst:.3g}")
print(f"{len(fit_rows)} dev rows: the compiled model with the fitted weights reproduces fit's probabilities")
