#!/usr/bin/python3
"""PyTorch reference for bertc's numeric parity tests (Hugging Face BertModel semantics).

Why: the compiled model's outputs must be checked against values that do not come from bertc
itself. This script implements BERT directly in torch (Hugging Face `transformers` is not
available here), following transformers' BertModel / BertForSequenceClassification /
BertForPreTraining exactly (eval mode: dropout off), and writes golden inputs and outputs for a
few models whose weights come from the deterministic generator (weightgen.py, twin of
runtime/init/WeightInit.cpp) or from a checked-in safetensors file. CI has no PyTorch: it reads
the checked-in files under tests/reference/golden/ and rebuilds the same weights in C++.

How (use Debian's python, which has python3-torch and python3-numpy):
  /usr/bin/python3 tests/reference/bert_reference.py --regenerate
      rewrites every file under tests/reference/golden/ (the golden cases and
      weightgen-check.json). Deterministic: running it twice gives identical bytes (torch runs on
      one CPU thread in float64; JSON is written with fixed formatting).
  /usr/bin/python3 tests/reference/bert_reference.py --selftest
      cross-checks this model against torch's own nn.TransformerEncoderLayer and
      nn.MultiheadAttention, float32 against float64, and padding invariance.
  /usr/bin/python3 tests/reference/bert_reference.py --config CFG.json \
      (--safetensors FILE | --seed N --profile sharp) --inputs INPUTS.json [--float32]
      prints the outputs (JSON) for ad-hoc checks. CFG.json holds the YAML keys (vocab_size,
      hidden_size, num_layers, num_heads, intermediate_size, max_position_embeddings,
      type_vocab_size, hidden_act, layer_norm_eps, heads) or Hugging Face config.json keys;
      INPUTS.json is {"input_ids": [[...]], "token_type_ids": [[...]], "attention_mask": [[...]]}.
  ... --seed N --profile P --config CFG.json --write-safetensors OUT.safetensors
      writes the generated weights as a safetensors file (Hugging Face names, no "bert." prefix).

Golden outputs are computed in float64 from the float32 weights and rounded to float32 once;
see tests/reference/README.md for the file formats.
"""

import argparse
import hashlib
import json
import math
import os
import re
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weightgen  # noqa: E402

torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
GOLDEN = os.path.join(HERE, "golden")
FORMAT = "bertc-reference-golden/1"

# ---------------------------------------------------------------------------------------------
# safetensors (pure Python)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError("%s: only F32 tensors are supported, got %s" % (name, info["dtype"]))
        begin, end = info["data_offsets"]
        arr = np.frombuffer(data[8 + n + begin:8 + n + end], dtype="<f4").reshape(info["shape"])
        out[name[len("bert."):] if name.startswith("bert.") else name] = arr.copy()
    return out


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():
        b = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------------------------------------
# The model


def normalize_config(cfg):
    """Accept YAML keys or Hugging Face config.json keys; fill defaults as bertc does."""
    hf = {"num_hidden_layers": "num_layers", "num_attention_heads": "num_heads"}
    out = {hf.get(k, k): v for k, v in cfg.items()}
    out.setdefault("type_vocab_size", 2)
    out.setdefault("hidden_act", "gelu")
    out.setdefault("layer_norm_eps", 1e-12)
    if out["hidden_act"] in ("gelu_new", "gelu_pytorch_tanh"):
        out["hidden_act"] = "gelu_tanh"
    out.setdefault("heads", [{"kind": "pooled"}])
    return out


def activation(x, act):
    if act == "gelu":  # exact, erf-based (transformers' GELUActivation)
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))
    if act == "gelu_tanh":  # transformers' NewGELUActivation / gelu_pytorch_tanh
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))
    if act == "relu":
        return torch.relu(x)
    raise ValueError("unknown hidden_act " + act)


def layer_norm(x, w, b, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w, b, eps)


def linear(x, w, b):
    return x @ w.t() + b  # weights [out, in], as torch.nn.Linear


def self_attention(x, W, p, num_heads, ext_mask):
    """BertSelfAttention: x [B,S,H]; ext_mask [B,1,1,S] additive (0 or finfo.min)."""
    B, S, H = x.shape
    d = H // num_heads

    def split(t):
        return t.view(B, S, num_heads, d).permute(0, 2, 1, 3)  # [B, heads, S, d]

    q = split(linear(x, W[p + "query.weight"], W[p + "query.bias"]))
    k = split(linear(x, W[p + "key.weight"], W[p + "key.bias"]))
    v = split(linear(x, W[p + "value.weight"], W[p + "value.bias"]))
    scores = q @ k.transpose(-1, -2) / math.sqrt(d) + ext_mask
    probs = torch.softmax(scores, dim=-1)
    ctx = (probs @ v).permute(0, 2, 1, 3).reshape(B, S, H)
    return ctx


def encoder_layer(x, W, cfg, layer, ext_mask):
    p = "encoder.layer.%d." % layer
    eps = cfg["layer_norm_eps"]
    ctx = self_attention(x, W, p + "attention.self.", cfg["num_heads"], ext_mask)
    a = linear(ctx, W[p + "attention.output.dense.weight"], W[p + "attention.output.dense.bias"])
    a = layer_norm(a + x, W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"], eps)
    i = activation(linear(a, W[p + "intermediate.dense.weight"], W[p + "intermediate.dense.bias"]), cfg["hidden_act"])
    o = linear(i, W[p + "output.dense.weight"], W[p + "output.dense.bias"])
    return layer_norm(o + a, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)


def bert_forward(W, cfg, input_ids, token_type_ids, attention_mask, keep_hidden=False):
    """Returns a dict of output tensors. W: name -> torch tensor (all one dtype)."""
    dtype = W["embeddings.word_embeddings.weight"].dtype
    eps = cfg["layer_norm_eps"]
    ids = torch.as_tensor(input_ids, dtype=torch.long)
    types = torch.as_tensor(token_type_ids, dtype=torch.long)
    mask = torch.as_tensor(attention_mask, dtype=dtype)
    B, S = ids.shape
    pos = torch.arange(S, dtype=torch.long)
    # BertEmbeddings: inputs_embeds + token_type_embeddings, then + position_embeddings, LayerNorm.
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.token_type_embeddings.weight"][types]
    x = x + W["embeddings.position_embeddings.weight"][pos][None, :, :]
    x = layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
    out = {}
    if keep_hidden:
        out["embedding_output"] = x
    # get_extended_attention_mask: (1 - mask) * finfo(dtype).min, broadcast over heads and queries.
    ext = (1.0 - mask)[:, None, None, :] * torch.finfo(dtype).min
    for layer in range(cfg["num_layers"]):
        x = encoder_layer(x, W, cfg, layer, ext)
        if keep_hidden:
            out["hidden_states.%d" % (layer + 1)] = x
    out["last_hidden_state"] = x
    heads = cfg["heads"]
    if "pooler.dense.weight" in W:
        # BertPooler: tanh(dense(first token)).
        out["pooled_output"] = torch.tanh(linear(x[:, 0], W["pooler.dense.weight"], W["pooler.dense.bias"]))
    for hd in heads:
        kind = hd["kind"]
        name = hd.get("name", kind)
        if kind == "binary":
            pre = hd.get("prefix", "classifier")
            logits = linear(out["pooled_output"], W[pre + ".weight"], W[pre + ".bias"])
            out[name + ".logits"] = logits
            out[name + ".probabilities"] = torch.sigmoid(logits)
        elif kind == "classes":
            pre = hd.get("prefix", "classifier")
            logits = linear(out["pooled_output"], W[pre + ".weight"], W[pre + ".bias"])
            out[name + ".logits"] = logits
            out[name + ".probabilities"] = torch.softmax(logits, dim=-1)
        elif kind == "nsp":
            logits = linear(out["pooled_output"], W["cls.seq_relationship.weight"], W["cls.seq_relationship.bias"])
            out[name + ".logits"] = logits
            out[name + ".probabilities"] = torch.softmax(logits, dim=-1)
        elif kind == "mlm":
            # BertLMPredictionHead: transform (dense, act, LayerNorm), decoder tied to the word
            # embeddings, plus cls.predictions.bias.
            t = linear(x, W["cls.predictions.transform.dense.weight"], W["cls.predictions.transform.dense.bias"])
            t = activation(t, cfg["hidden_act"])
            t = layer_norm(t, W["cls.predictions.transform.LayerNorm.weight"],
                           W["cls.predictions.transform.LayerNorm.bias"], eps)
            out[name + ".logits"] = t @ W["embeddings.word_embeddings.weight"].t() + W["cls.predictions.bias"]
        elif kind in ("pooled", "sequence"):
            pass
        else:
            raise ValueError("unknown head kind " + kind)
    return out


def to_torch(weights, dtype):
    return {k: torch.from_numpy(np.asarray(v, dtype=np.float32)).to(dtype) for k, v in weights.items()}


# ---------------------------------------------------------------------------------------------
# Inputs


class Rng:
    """splitmix64 stream (for golden inputs only; the inputs are stored, never regenerated in C++)."""

    def __init__(self, seed):
        self.state = seed & weightgen.MASK

    def next(self):
        self.state = (self.state + weightgen.G) & weightgen.MASK
        return weightgen.mix64(self.state)

    def below(self, n):
        return self.next() % n


def make_row(rng, length, cls_id, sep_id, lo, hi, extra_ids=()):
    """[CLS] A [SEP] B [SEP] with token types 0 (CLS, A, first SEP) then 1; ids of A and B drawn
    from [lo, hi). length 1 is [CLS], 2 is [CLS][SEP]."""
    if length == 1:
        return [cls_id], [0]
    if length == 2:
        return [cls_id, sep_id], [0, 0]
    content = length - 3
    na = (content + 1) // 2
    nb = content - na
    a = [lo + rng.below(hi - lo) for _ in range(na)]
    b = [lo + rng.below(hi - lo) for _ in range(nb)]
    ids = [cls_id] + a + [sep_id] + b + [sep_id]
    types = [0] * (na + 2) + [1] * (nb + 1)
    for j, e in enumerate(extra_ids):  # put specific ids at fixed content positions
        slot = 1 + (j * 5) % max(1, na)
        if slot < na + 1:
            ids[slot] = e
    return ids, types


def make_batch(seed, lengths, cls_id, sep_id, lo, hi, extra_ids=()):
    rng = Rng(seed)
    S = max(lengths)
    batch = {"input_ids": [], "token_type_ids": [], "attention_mask": []}
    for r, n in enumerate(lengths):
        ids, types = make_row(rng, n, cls_id, sep_id, lo, hi, extra_ids if r == len(lengths) - 1 else ())
        pad = S - n
        batch["input_ids"].append(ids + [0] * pad)
        batch["token_type_ids"].append(types + [0] * pad)
        batch["attention_mask"].append([1] * n + [0] * pad)
    return batch


# ---------------------------------------------------------------------------------------------
# Golden cases

BERT_VOCAB_SPECIALS = {"pad": 0, "unk": 100, "cls": 101, "sep": 102, "mask": 103}

TINY = {
    "vocab_size": 30522, "hidden_size": 128, "num_layers": 2, "num_heads": 2, "intermediate_size": 512,
    "max_position_embeddings": 512, "type_vocab_size": 2, "hidden_act": "gelu", "layer_norm_eps": 1e-12,
}


def case_specs():
    return [
        {
            "case": "tiny",
            "description": "bert-tiny shape (L2 H128 A2 I512) with a binary head; sharp weights; "
                           "pair inputs of lengths 1, 7, 32, 128; each row also run alone (padding invariance)",
            "config": dict(TINY, heads=[{"kind": "binary", "name": "binary", "prefix": "classifier"}]),
            "max_seq_len": 128,
            "weights": {"generator": weightgen.SPEC, "seed": 1, "profile": "sharp"},
            "lengths": [1, 7, 32, 128],
            "inputs": ("bert", 11, [30521, 100, 103, 0]),
            "alone": True,
        },
        {
            "case": "small",
            "description": "bert-small shape (L4 H512 A8 I2048) with a binary head; sharp weights; lengths 128 and 45",
            "config": {"vocab_size": 30522, "hidden_size": 512, "num_layers": 4, "num_heads": 8,
                       "intermediate_size": 2048, "max_position_embeddings": 512, "type_vocab_size": 2,
                       "hidden_act": "gelu", "layer_norm_eps": 1e-12,
                       "heads": [{"kind": "binary", "name": "binary", "prefix": "classifier"}]},
            "max_seq_len": 128,
            "weights": {"generator": weightgen.SPEC, "seed": 2, "profile": "sharp"},
            "lengths": [128, 45],
            "inputs": ("bert", 12, [30521]),
        },
        {
            "case": "odd",
            "description": "hidden 60 (not a multiple of 16), 3 heads of 20, 2 layers, intermediate 100, vocab 1000, "
                           "64 positions, gelu_tanh, layer_norm_eps 1e-5, classes head with 3 labels; sharp weights; "
                           "lengths 1, 29, 64; per-layer hidden states stored",
            "config": {"vocab_size": 1000, "hidden_size": 60, "num_layers": 2, "num_heads": 3,
                       "intermediate_size": 100, "max_position_embeddings": 64, "type_vocab_size": 2,
                       "hidden_act": "gelu_tanh", "layer_norm_eps": 1e-5,
                       "heads": [{"kind": "classes", "name": "classes", "prefix": "classifier",
                                  "labels": ["a", "b", "c"]}]},
            "max_seq_len": 64,
            "weights": {"generator": weightgen.SPEC, "seed": 3, "profile": "sharp"},
            "lengths": [1, 29, 64],
            "inputs": ("odd", 13, [999, 0]),
            "keep_hidden": True,
        },
        {
            "case": "allennlp",
            "description": "allennlp bert-xsmall-dummy checkpoint (H20 A1 L1 I40, vocab 250, [CLS]=2 [SEP]=3), pooled head",
            "config": {"vocab_size": 250, "hidden_size": 20, "num_layers": 1, "num_heads": 1,
                       "intermediate_size": 40, "max_position_embeddings": 512, "type_vocab_size": 2,
                       "hidden_act": "gelu", "layer_norm_eps": 1e-12,
                       "heads": [{"kind": "pooled", "name": "pooled"}]},
            "max_seq_len": 16,
            "weights": {"safetensors": "data/tiny-bert-models/allennlp-bert-xsmall-dummy/model.safetensors"},
            "lengths": [11, 4],
            "inputs": ("allennlp", 14, [249, 1]),
            "keep_hidden": True,
        },
        {
            "case": "pretraining",
            "description": "bert-tiny shape with mlm + nsp heads; sharp weights; lengths 128 and 37; "
                           "mlm logits at the first, middle and last real position of each row",
            "config": dict(TINY, heads=[{"kind": "mlm", "name": "mlm"},
                                        {"kind": "nsp", "name": "nsp", "labels": ["is_next", "not_next"]}]),
            "max_seq_len": 128,
            "weights": {"generator": weightgen.SPEC, "seed": 5, "profile": "sharp"},
            "lengths": [128, 37],
            "inputs": ("bert", 15, [103, 103, 30521]),
            "mlm_positions": "first-middle-last",
        },
        {
            "case": "base",
            "description": "bert-base shape (L12 H768 A12 I3072) with a binary head; sharp weights; one pair "
                           "input of 20 tokens (the lit test needs the `slow` feature)",
            "config": {"vocab_size": 30522, "hidden_size": 768, "num_layers": 12, "num_heads": 12,
                       "intermediate_size": 3072, "max_position_embeddings": 512, "type_vocab_size": 2,
                       "hidden_act": "gelu", "layer_norm_eps": 1e-12,
                       "heads": [{"kind": "binary", "name": "binary", "prefix": "classifier"}]},
            "max_seq_len": 128,
            "weights": {"generator": weightgen.SPEC, "seed": 7, "profile": "sharp"},
            "lengths": [20],
            "inputs": ("bert", 16, [30521, 103]),
        },
    ]


def input_batch(kind, seed, lengths, extra):
    if kind == "bert":
        return make_batch(seed, lengths, 101, 102, 999, 30522, extra)
    if kind == "odd":
        return make_batch(seed, lengths, 101, 102, 104, 1000, extra)
    if kind == "allennlp":
        return make_batch(seed, lengths, 2, 3, 5, 250, extra)
    raise ValueError(kind)


def load_weights(spec):
    w = spec["weights"]
    if "safetensors" in w:
        return read_safetensors(os.path.join(REPO, w["safetensors"]))
    return weightgen.generate_weights(spec["config"], w["seed"], w["profile"])


class BinWriter:
    def __init__(self):
        self.chunks = []
        self.offset = 0

    def add(self, arr):
        a = np.ascontiguousarray(arr, dtype="<f4")
        entry = {"shape": list(a.shape), "offset": self.offset}
        b = a.tobytes()
        self.chunks.append(b)
        self.offset += len(b)
        return entry

    def data(self):
        return b"".join(self.chunks)


def run_outputs(W64, cfg, batch, lengths, keep_hidden, mlm_positions, writer):
    out = bert_forward(W64, cfg, batch["input_ids"], batch["token_type_ids"], batch["attention_mask"], keep_hidden)
    mask = torch.as_tensor(batch["attention_mask"], dtype=torch.float64)[:, :, None]
    entries = {}
    for name, t in out.items():
        if name.endswith("mlm.logits") or name == "mlm.logits":
            rows = [t[r, p] for r, p in mlm_positions]
            t = torch.stack(rows)
        elif t.dim() == 3:
            t = t * mask  # zeros at padded positions
        entries[name] = writer.add(t.numpy().astype(np.float32))
    return entries


def float32_drift(weights, cfg, batch, mlm_pos):
    """Per output, max |torch float32 - float64| over real positions, rounded up to 2 significant
    digits: how far a correct float32 implementation can be expected to stray (tolerance guide)."""
    outs = []
    for dtype in (torch.float64, torch.float32):
        outs.append(bert_forward(to_torch(weights, dtype), cfg, batch["input_ids"], batch["token_type_ids"],
                                 batch["attention_mask"]))
    mask = torch.as_tensor(batch["attention_mask"], dtype=torch.float64)[:, :, None]
    drift = {}
    for name, t64 in outs[0].items():
        d = (t64 - outs[1][name].to(torch.float64)).abs()
        if name.endswith("mlm.logits"):
            d = torch.stack([d[r, p] for r, p in mlm_pos])
        elif d.dim() == 3:
            d = d * mask
        v = d.max().item()
        drift[name] = float("%.1e" % (math.ceil(v / 10 ** math.floor(math.log10(v) - 1)) * 10 ** math.floor(math.log10(v) - 1))) if v > 0 else 0.0
    return drift


def mlm_positions_for(lengths):
    pos = []
    for r, n in enumerate(lengths):
        for p in sorted({0, n // 2, n - 1}):
            pos.append([r, p])
    return pos


def build_case(spec):
    cfg = normalize_config(spec["config"])
    weights = load_weights(spec)
    names = [n for n, _ in weightgen.model_tensors(cfg)]
    assert sorted(names) == sorted(weights.keys()), (sorted(set(names) ^ set(weights.keys())))
    W64 = to_torch(weights, torch.float64)
    kind, iseed, extra = spec["inputs"]
    lengths = spec["lengths"]
    batch = input_batch(kind, iseed, lengths, extra)
    is_mlm = any(h["kind"] == "mlm" for h in cfg["heads"])
    mlm_pos = mlm_positions_for(lengths) if is_mlm else []
    writer = BinWriter()
    doc = {
        "format": FORMAT,
        "case": spec["case"],
        "description": spec["description"],
        "config": spec["config"],
        "max_seq_len": spec["max_seq_len"],
        "weights": dict(spec["weights"]),
        "data": spec["case"] + ".bin",
        "reference": "PyTorch %s, Hugging Face BertModel semantics, float64 from float32 weights, outputs rounded to float32"
                     % torch.__version__.split("+")[0].split("a")[0],
        "lengths": lengths,
        "inputs": batch,
    }
    if "safetensors" in spec["weights"]:
        with open(os.path.join(REPO, spec["weights"]["safetensors"]), "rb") as f:
            doc["weights"]["sha256"] = hashlib.sha256(f.read()).hexdigest()
    if mlm_pos:
        doc["mlm_positions"] = mlm_pos
    doc["outputs"] = run_outputs(W64, cfg, batch, lengths, spec.get("keep_hidden", False), mlm_pos, writer)
    doc["float32_drift"] = float32_drift(weights, cfg, batch, mlm_pos)
    if spec.get("alone"):
        doc["alone"] = []
        for r, n in enumerate(lengths):
            single = {k: [v[r][:n]] for k, v in batch.items()}
            pos = [[0, p] for rr, p in mlm_pos if rr == r]
            doc["alone"].append({"row": r, "inputs": single,
                                 "outputs": run_outputs(W64, cfg, single, [n], False, pos, writer)})
    return doc, writer.data()


def dump_json(doc):
    """Compact inner lists (token ids, shapes) on one line, everything else indented."""
    text = json.dumps(doc, indent=1, sort_keys=False)
    # Collapse lists of scalars onto one line for readability and size.
    def collapse(m):
        return "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]"
    text = re.sub(r"\[((?:\s*-?[\w.\"]+,)*\s*-?[\w.\"]+\s*)\]", collapse, text)
    return text + "\n"


# ---------------------------------------------------------------------------------------------
# weightgen-check.json: the bit patterns the C++ generator must reproduce.


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def weightgen_check():
    names = [
        "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
        "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
        "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.key.bias",
        "encoder.layer.11.attention.self.key.weight", "encoder.layer.1.attention.self.value.weight",
        "encoder.layer.3.attention.output.dense.weight", "encoder.layer.3.attention.output.LayerNorm.weight",
        "encoder.layer.0.intermediate.dense.weight", "encoder.layer.0.output.dense.bias",
        "encoder.layer.0.output.LayerNorm.bias", "pooler.dense.weight", "classifier.weight", "classifier.bias",
        "sentiment_head.weight", "cls.predictions.transform.dense.weight",
        "cls.predictions.transform.LayerNorm.weight", "cls.predictions.bias", "cls.seq_relationship.weight",
        "", "é-ünïcode.weight",
    ]
    indices = [0, 1, 2, 3, 127, 128, 65535, 1 << 32, (1 << 40) + 7, (1 << 64) - 2, (1 << 64) - 1]
    # Shapes set the input width (shape[1]) of sharp matrix/qk/head tensors; indices may exceed them.
    shapes = [[128, 128], [768, 3072], [3072, 768], [512, 2048], [100, 60], [2, 20], [128], [], [1, 1],
              [4, 5, 6], [30522, 128], [1, 512], [60, 100]]
    seeds = [0, 1, 5, 0xFFFFFFFFFFFFFFFF]
    values = []
    for profile in weightgen.PROFILES:
        for si, seed in enumerate(seeds):
            for ni, name in enumerate(names):
                if (ni + si) % 2 and seed not in (0, 1):
                    continue
                shape = shapes[(ni + 3 * si) % len(shapes)]
                values.append({
                    "seed": seed, "profile": profile, "name": name, "shape": shape,
                    "class": weightgen.tensor_class(name), "indices": indices,
                    "bits": ["0x%08x" % f32_bits(weightgen.init_value(seed, name, shape, i, profile))
                             for i in indices],
                })
    digests = []
    models = [
        ("tiny", dict(TINY, heads=[{"kind": "binary"}]), 1, "sharp"),
        ("tiny-bert-profile", dict(TINY, heads=[{"kind": "binary"}]), 7, "bert"),
        ("odd", normalize_config(case_specs()[2]["config"]), 3, "sharp"),
        ("pretraining", dict(TINY, heads=[{"kind": "mlm"}, {"kind": "nsp"}]), 5, "sharp"),
        ("small", normalize_config(case_specs()[1]["config"]), 2, "sharp"),
    ]
    for label, cfg, seed, profile in models:
        for name, shape in weightgen.model_tensors(cfg):
            if label == "pretraining" and not name.startswith("cls."):
                continue
            if label == "small" and not (name.startswith(("encoder.layer.0.", "pooler.", "classifier."))):
                continue
            arr = weightgen.fill_tensor(seed, name, shape, profile)
            digests.append({"model": label, "seed": seed, "profile": profile, "name": name, "shape": shape,
                            "digest": "0x%016x" % weightgen.digest(arr)})
    return {
        "format": "bertc-weightgen-check/1",
        "spec": "tests/reference/weightgen.py (%s)" % weightgen.SPEC,
        "values": values,
        "digests": digests,
    }


def regenerate():
    os.makedirs(GOLDEN, exist_ok=True)
    written = []

    def write(name, data, binary=False):
        path = os.path.join(GOLDEN, name)
        with open(path, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as f:
            f.write(data)
        written.append((name, len(data.encode("utf-8")) if not binary else len(data)))

    write("weightgen-check.json", dump_json(weightgen_check()))
    index = []
    for spec in case_specs():
        doc, data = build_case(spec)
        write(spec["case"] + ".json", dump_json(doc))
        write(spec["case"] + ".bin", data, binary=True)
        index.append(spec["case"] + ".json")
    write("cases.json", dump_json({"format": FORMAT, "cases": index}))
    for name, size in written:
        print("%-26s %9d bytes" % (name, size))
    print("total %d bytes" % sum(s for _, s in written))


# ---------------------------------------------------------------------------------------------
# Self-test: cross-checks against torch's own implementations.


def selftest():
    torch.manual_seed(0)
    ok = True

    def report(what, err, tol):
        nonlocal ok
        good = err <= tol
        ok &= good
        print("%-70s max|diff| %.3e (tol %.0e) %s" % (what, err, tol, "ok" if good else "FAIL"))

    for label, spec in (("tiny", case_specs()[0]), ("odd", case_specs()[2])):
        cfg = normalize_config(spec["config"])
        weights = load_weights(spec)
        W = to_torch(weights, torch.float64)
        H, nh = cfg["hidden_size"], cfg["num_heads"]
        batch = input_batch(*spec["inputs"][:2], spec["lengths"], spec["inputs"][2])
        mask = torch.tensor(batch["attention_mask"], dtype=torch.bool)
        lengths = spec["lengths"]
        x = torch.randn(len(lengths), max(lengths), H, dtype=torch.float64)

        # 1. Attention against nn.MultiheadAttention (key_padding_mask True = padded key).
        mha = torch.nn.MultiheadAttention(H, nh, batch_first=True, dtype=torch.float64)
        p = "encoder.layer.0.attention."
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([W[p + "self.query.weight"], W[p + "self.key.weight"], W[p + "self.value.weight"]]))
            mha.in_proj_bias.copy_(torch.cat([W[p + "self.query.bias"], W[p + "self.key.bias"], W[p + "self.value.bias"]]))
            mha.out_proj.weight.copy_(W[p + "output.dense.weight"])
            mha.out_proj.bias.copy_(W[p + "output.dense.bias"])
        mha.eval()
        ext = (1.0 - mask.to(torch.float64))[:, None, None, :] * torch.finfo(torch.float64).min
        with torch.no_grad():
            ours = linear(self_attention(x, W, p + "self.", nh, ext), W[p + "output.dense.weight"], W[p + "output.dense.bias"])
            theirs, _ = mha(x, x, x, key_padding_mask=~mask, need_weights=False)
        err = max((ours[r, :n] - theirs[r, :n]).abs().max().item() for r, n in enumerate(lengths))
        report("%s: attention vs nn.MultiheadAttention (real rows)" % label, err, 1e-10)

        # 2. Whole encoder layer against nn.TransformerEncoderLayer (post-LN).
        act = {"gelu": "gelu", "relu": "relu",
               "gelu_tanh": lambda t: torch.nn.functional.gelu(t, approximate="tanh")}[cfg["hidden_act"]]
        tel = torch.nn.TransformerEncoderLayer(H, nh, cfg["intermediate_size"], dropout=0.0, activation=act,
                                               layer_norm_eps=cfg["layer_norm_eps"], batch_first=True,
                                               norm_first=False, dtype=torch.float64)
        q = "encoder.layer.0."
        with torch.no_grad():
            tel.self_attn.in_proj_weight.copy_(mha.in_proj_weight)
            tel.self_attn.in_proj_bias.copy_(mha.in_proj_bias)
            tel.self_attn.out_proj.weight.copy_(mha.out_proj.weight)
            tel.self_attn.out_proj.bias.copy_(mha.out_proj.bias)
            tel.linear1.weight.copy_(W[q + "intermediate.dense.weight"])
            tel.linear1.bias.copy_(W[q + "intermediate.dense.bias"])
            tel.linear2.weight.copy_(W[q + "output.dense.weight"])
            tel.linear2.bias.copy_(W[q + "output.dense.bias"])
            tel.norm1.weight.copy_(W[q + "attention.output.LayerNorm.weight"])
            tel.norm1.bias.copy_(W[q + "attention.output.LayerNorm.bias"])
            tel.norm2.weight.copy_(W[q + "output.LayerNorm.weight"])
            tel.norm2.bias.copy_(W[q + "output.LayerNorm.bias"])
        tel.train()  # dropout is 0; train mode avoids the fused fast path, which zeroes padded rows
        with torch.no_grad():
            ours = encoder_layer(x, W, cfg, 0, ext)
            theirs = tel(x, src_key_padding_mask=~mask)
        err = max((ours[r, :n] - theirs[r, :n]).abs().max().item() for r, n in enumerate(lengths))
        report("%s: encoder layer vs nn.TransformerEncoderLayer (%s, real rows)" % (label, cfg["hidden_act"]), err, 1e-9)

        # 3. Activations against torch.nn.functional.
        t = torch.linspace(-6, 6, 1001, dtype=torch.float64)
        report("gelu vs F.gelu", (activation(t, "gelu") - torch.nn.functional.gelu(t)).abs().max().item(), 1e-15)
        report("gelu_tanh vs F.gelu(approximate='tanh')",
               (activation(t, "gelu_tanh") - torch.nn.functional.gelu(t, approximate="tanh")).abs().max().item(), 1e-15)

        # 4. Padding invariance and float32 drift of the whole model.
        W32 = to_torch(weights, torch.float32)
        with torch.no_grad():
            full = bert_forward(W, cfg, batch["input_ids"], batch["token_type_ids"], batch["attention_mask"])
            full32 = bert_forward(W32, cfg, batch["input_ids"], batch["token_type_ids"], batch["attention_mask"])
            err = 0.0
            for r, n in enumerate(lengths):
                single = {k: [v[r][:n]] for k, v in batch.items()}
                alone = bert_forward(W, cfg, single["input_ids"], single["token_type_ids"], single["attention_mask"])
                err = max(err, (alone["last_hidden_state"][0] - full["last_hidden_state"][r, :n]).abs().max().item())
                err = max(err, (alone["pooled_output"][0] - full["pooled_output"][r]).abs().max().item())
        report("%s: padding invariance (float64)" % label, err, 1e-12)
        for key in full:
            d = full[key] - full32[key].to(torch.float64)
            if d.dim() == 3:
                d = d * mask[:, :, None]
            print("%-70s max|diff| %.3e (max|value| %.2f)" % ("%s: float32 vs float64, %s" % (label, key),
                  d.abs().max().item(), full[key].abs().max().item()))
        # Attention sharpness: mean entropy of layer-0 attention of real queries.
        xq = bert_forward(W, cfg, batch["input_ids"], batch["token_type_ids"], batch["attention_mask"], keep_hidden=True)
        e = xq["embedding_output"]
        B, S, _ = e.shape
        d = H // nh
        qq = linear(e, W["encoder.layer.0.attention.self.query.weight"], W["encoder.layer.0.attention.self.query.bias"])
        kk = linear(e, W["encoder.layer.0.attention.self.key.weight"], W["encoder.layer.0.attention.self.key.bias"])
        qq = qq.view(B, S, nh, d).transpose(1, 2)
        kk = kk.view(B, S, nh, d).transpose(1, 2)
        sc = qq @ kk.transpose(-1, -2) / math.sqrt(d) + ext
        pr = torch.softmax(sc, -1)
        r = len(lengths) - 1
        n = lengths[r]
        ent = -(pr[r, :, :n, :n] * torch.log(pr[r, :, :n, :n] + 1e-300)).sum(-1).mean().item()
        print("%s: layer-0 attention, row of length %d: score std %.2f, mean entropy %.2f nats (uniform %.2f), "
              "mean max prob %.2f" % (label, n, sc[r, :, :n, :n].std().item(), ent, math.log(n),
                                      pr[r, :, :n, :n].max(-1).values.mean().item()))
    print("selftest", "ok" if ok else "FAILED")
    return 0 if ok else 1


# ---------------------------------------------------------------------------------------------


def adhoc(args):
    with open(args.config) as f:
        cfg = normalize_config(json.load(f))
    if args.safetensors:
        weights = read_safetensors(args.safetensors)
    else:
        weights = weightgen.generate_weights(cfg, args.seed, args.profile)
    if args.write_safetensors:
        write_safetensors(args.write_safetensors, weights)
        print("wrote", args.write_safetensors)
        if not args.inputs:
            return 0
    with open(args.inputs) as f:
        batch = json.load(f)
    batch.setdefault("token_type_ids", [[0] * len(r) for r in batch["input_ids"]])
    batch.setdefault("attention_mask", [[1] * len(r) for r in batch["input_ids"]])
    W = to_torch(weights, torch.float32 if args.float32 else torch.float64)
    with torch.no_grad():
        out = bert_forward(W, cfg, batch["input_ids"], batch["token_type_ids"], batch["attention_mask"])
    print(json.dumps({k: v.to(torch.float32).tolist() for k, v in out.items()}, indent=1))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--regenerate", action="store_true", help="rewrite tests/reference/golden/")
    ap.add_argument("--selftest", action="store_true", help="cross-check against torch's own layers")
    ap.add_argument("--config", help="model config JSON (YAML keys or Hugging Face config.json keys)")
    ap.add_argument("--safetensors", help="weights file (Hugging Face names, optional 'bert.' prefix)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (without --safetensors)")
    ap.add_argument("--profile", default="sharp", choices=weightgen.PROFILES)
    ap.add_argument("--inputs", help="inputs JSON: input_ids, token_type_ids, attention_mask")
    ap.add_argument("--float32", action="store_true", help="compute in float32 instead of float64")
    ap.add_argument("--write-safetensors", help="write the (generated) weights to this file")
    args = ap.parse_args()
    with torch.no_grad():
        if args.regenerate:
            regenerate()
            return 0
        if args.selftest:
            return selftest()
    if not args.config or not (args.inputs or args.write_safetensors):
        ap.error("give --regenerate, --selftest, or --config with --inputs / --write-safetensors")
    return adhoc(args)


if __name__ == "__main__":
    sys.exit(main())
