#!/usr/bin/env python3
"""Compares a compiled model's runner against a golden case of tests/reference/golden/.

    check_parity.py CASE RUNNER WEIGHTS [--head-tol 1e-4] [--seq-tol 1e-3]

Runs RUNNER (a `<name>-run` from `bertc compile --emit=runner`) with WEIGHTS on the case's padded
batch and checks every golden output the runner prints: head logits and probabilities and the
pooled output within --head-tol (max abs diff), last_hidden_state within --seq-tol where the mask
is 1 and exactly 0 where it is 0. When the case has `alone` entries it also runs each row by
itself and requires the batched run's real outputs to equal the lone run's (padding and the other
rows never change a row's result) and the lone golden values. Needs only python3: the golden
values were written by bert_reference.py (PyTorch) and are checked in.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def golden_array(case, bin_data, spec):
    n = 1
    for d in spec["shape"]:
        n *= d
    flat = struct.unpack_from("<%df" % n, bin_data, spec["offset"])
    return spec["shape"], list(flat)


def flatten(x):
    if isinstance(x, list):
        out = []
        for e in x:
            out.extend(flatten(e))
        return out
    return [x]


def run_runner(runner, weights, inputs):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(inputs, f)
        path = f.name
    try:
        out = subprocess.run([runner, "--weights", weights, "--sequence-output", path],
                             capture_output=True, text=True)
    finally:
        os.unlink(path)
    if out.returncode != 0:
        sys.exit(f"check_parity: {runner} failed ({out.returncode}): {out.stderr.strip()}")
    return json.loads(out.stdout)


def runner_value(result, name):
    """The runner's value for a golden output name, or None if the runner does not print it."""
    if "." in name:
        head, field = name.rsplit(".", 1)
        if field not in ("logits", "probabilities") or field not in result:
            return None
        v = result[field]
        return v.get(head) if isinstance(v, dict) else v
    return result.get(name)


def compare(case, bin_data, outputs, result, mask, head_tol, seq_tol, label):
    failures, lines = [], []
    for name, spec in outputs.items():
        got = runner_value(result, name)
        if got is None:
            continue
        shape, want = golden_array(case, bin_data, spec)
        if name == "mlm.logits" and "mlm_positions" in case:
            # The golden file keeps the vocabulary logits of a few (row, position) pairs only.
            got = [got[b][p] for b, p in case["mlm_positions"]]
        got = flatten(got)
        if len(got) != len(want):
            failures.append(f"{label}{name}: {len(got)} values, golden has {len(want)} {shape}")
            continue
        if name == "last_hidden_state":
            width = shape[-1]
            real = [i for i in range(len(want)) if mask[i // width]]
            pad = [i for i in range(len(want)) if not mask[i // width]]
            diff = max(abs(got[i] - want[i]) for i in real)
            nonzero_pad = sum(1 for i in pad if got[i] != 0.0)
            tol = seq_tol
            if nonzero_pad:
                failures.append(f"{label}{name}: {nonzero_pad} padded values are not 0")
        else:
            diff = max(abs(a - b) for a, b in zip(got, want))
            tol = head_tol
        lines.append(f"{label}{name} {shape}: max abs diff {diff:.3g} (tolerance {tol:g})")
        if not diff <= tol:
            failures.append(lines[-1])
    return failures, lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case")
    ap.add_argument("runner")
    ap.add_argument("weights")
    ap.add_argument("--head-tol", type=float, default=1e-4)
    ap.add_argument("--seq-tol", type=float, default=1e-3)
    a = ap.parse_args()
    golden = os.path.join(HERE, "golden")
    case = json.load(open(os.path.join(golden, a.case + ".json")))
    bin_data = open(os.path.join(golden, a.case + ".bin"), "rb").read()

    mask = flatten(case["inputs"]["attention_mask"])
    result = run_runner(a.runner, a.weights, case["inputs"])
    failures, lines = compare(case, bin_data, case["outputs"], result, mask, a.head_tol,
                              a.seq_tol, "")
    checked = len(lines)
    for alone in case.get("alone", []):
        row = alone["row"]
        single = run_runner(a.runner, a.weights, alone["inputs"])
        f, l = compare(case, bin_data, alone["outputs"], single,
                       flatten(alone["inputs"]["attention_mask"]), a.head_tol, a.seq_tol,
                       f"row {row} alone: ")
        failures += f
        lines += l
        # The batched run's row must equal the lone run's exactly where both are real.
        n = len(alone["inputs"]["input_ids"][0])
        for key in ("logits", "probabilities", "pooled_output", "last_hidden_state"):
            if key not in result or isinstance(result[key], dict):
                continue
            batched = result[key][row]
            lone = single[key][0]
            if key == "last_hidden_state":
                batched, lone = batched[:n], lone[:n]
            d = max(abs(x - y) for x, y in zip(flatten(batched), flatten(lone)))
            lines.append(f"row {row}: batched vs alone {key}: max abs diff {d:.3g}")
            if d > 1e-6:
                failures.append(lines[-1])
    print("\n".join(lines))
    print(f"{a.case}: {len(lines)} comparisons ({checked} on the batch), {len(failures)} failed")
    for f in failures:
        print("FAILED:", f, file=sys.stderr)
    sys.exit(1 if failures or not checked else 0)


if __name__ == "__main__":
    main()
