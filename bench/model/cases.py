#!/usr/bin/python3
"""Writes the benchmark's inputs: one padded batch per case, identical for bertc and ONNX Runtime.

  python3 cases.py MODEL.json OUT_DIR

MODEL.json is `bertc inspect --json`. OUT_DIR/cases.json lists the cases; OUT_DIR/<case>.json is
the batch in the runner's input format ({"input_ids", "token_type_ids", "attention_mask"}, rows
padded with [PAD] to the case's sequence length). Token ids are drawn from a fixed-seed generator
so every run times the same inputs. The mixed case has eight real lengths averaging 60 of 128:
bertc computes only the real tokens, ONNX Runtime gets the same padded [8, 128] batch.
"""
import json
import os
import random
import sys

MIXED_LENGTHS = [23, 41, 128, 57, 35, 96, 70, 30]  # mean 60


def case_list(max_len):
    cases = [{"name": f"b1-s{s}", "batch": 1, "seq": s, "lengths": [s]} for s in (16, 32, 64, 128) if s <= max_len]
    cases.append({"name": f"b8-s{max_len}", "batch": 8, "seq": max_len, "lengths": [max_len] * 8})
    lengths = [min(n, max_len) for n in MIXED_LENGTHS]
    cases.append({"name": "b8-mixed", "batch": 8, "seq": max(lengths), "lengths": lengths})
    return cases


def batch(rng, lengths, seq, tok):
    ids, types, mask = [], [], []
    for n in lengths:
        row = [tok["cls_id"]] + [rng.randrange(1000, tok["tokens"]) for _ in range(n - 2)] + [tok["sep_id"]]
        ids.append(row + [tok["pad_id"]] * (seq - n))
        types.append([0] * seq)
        mask.append([1] * n + [0] * (seq - n))
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}


def main():
    with open(sys.argv[1]) as f:
        info = json.load(f)
    out = sys.argv[2]
    rng = random.Random(20261126)
    cases = case_list(info["input"]["max_seq_len"])
    for c in cases:
        c["file"] = os.path.join(out, c["name"] + ".json")
        c["tokens"] = sum(c["lengths"])
        with open(c["file"], "w") as f:
            json.dump(batch(rng, c["lengths"], c["seq"], info["tokenizer"]), f)
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)


if __name__ == "__main__":
    main()
