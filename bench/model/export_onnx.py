#!/usr/bin/python3
"""Exports the weights bertc runs to ONNX, so ONNX Runtime times the very same model.

  /usr/bin/python3 export_onnx.py MODEL.json WEIGHTS.safetensors OUT.onnx

MODEL.json is `bertc inspect --json MODEL.yaml`; WEIGHTS is what `bertc init-weights` wrote
(Hugging Face names). The module mirrors Hugging Face BertForSequenceClassification in eval mode
(post-LN, erf GELU, additive key mask, pooler tanh(dense(h[CLS])), one binary or classes head),
built from nn.Linear / nn.LayerNorm so the graph looks like a Hugging Face export and ONNX
Runtime's graph optimizer sees the patterns it fuses. Inputs: input_ids, token_type_ids,
attention_mask (int64 [batch, seq], both axes dynamic); outputs: probabilities [batch, outputs]
and pooled_output [batch, hidden] (the correctness check compares both with bertc's).
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "reference"))
from bert_reference import read_safetensors  # noqa: E402  (pure Python safetensors reader)


class Layer(nn.Module):
    def __init__(self, H, A, I, act, eps):
        super().__init__()
        self.A, self.act = A, act
        self.q, self.k, self.v, self.o = (nn.Linear(H, H) for _ in range(4))
        self.ln1 = nn.LayerNorm(H, eps=eps)
        self.ffn1, self.ffn2 = nn.Linear(H, I), nn.Linear(I, H)
        self.ln2 = nn.LayerNorm(H, eps=eps)

    def forward(self, x, ext_mask):
        B, T, H = x.shape
        d = H // self.A

        def heads(t):
            return t.view(B, T, self.A, d).permute(0, 2, 1, 3)
        q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
        s = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + ext_mask
        c = torch.matmul(torch.softmax(s, dim=-1), v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = self.ln1(self.o(c) + x)
        h = self.ffn1(a)
        h = F.gelu(h, approximate="tanh") if self.act == "gelu_tanh" else F.gelu(h)
        return self.ln2(self.ffn2(h) + a)


class Classifier(nn.Module):
    def __init__(self, enc, head):
        super().__init__()
        H, eps = enc["hidden_size"], enc["layer_norm_eps"]
        self.word = nn.Embedding(enc["vocab_size"], H)
        self.pos = nn.Embedding(enc["max_position_embeddings"], H)
        self.types = nn.Embedding(enc["type_vocab_size"], H)
        self.ln = nn.LayerNorm(H, eps=eps)
        self.layers = nn.ModuleList(Layer(H, enc["num_heads"], enc["intermediate_size"], enc["hidden_act"], eps)
                                    for _ in range(enc["num_layers"]))
        self.pooler = nn.Linear(H, H)
        self.classifier = nn.Linear(H, head["outputs"])
        self.binary = head["kind"] == "binary"

    def forward(self, input_ids, token_type_ids, attention_mask):
        T = input_ids.shape[1]
        pos = torch.arange(T, dtype=torch.long).unsqueeze(0)
        x = self.ln(self.word(input_ids) + self.types(token_type_ids) + self.pos(pos))
        ext = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, ext)
        pooled = torch.tanh(self.pooler(x[:, 0]))
        logits = self.classifier(pooled)
        return (torch.sigmoid(logits) if self.binary else torch.softmax(logits, dim=-1)), pooled


def load(model, W, head):
    """Copies Hugging Face tensors into the module; every module parameter must be covered."""
    names = {"word.weight": "embeddings.word_embeddings.weight",
             "pos.weight": "embeddings.position_embeddings.weight",
             "types.weight": "embeddings.token_type_embeddings.weight",
             "ln.weight": "embeddings.LayerNorm.weight", "ln.bias": "embeddings.LayerNorm.bias",
             "pooler.weight": "pooler.dense.weight", "pooler.bias": "pooler.dense.bias",
             "classifier.weight": head["prefix"] + ".weight", "classifier.bias": head["prefix"] + ".bias"}
    hf = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
          "o": "attention.output.dense", "ln1": "attention.output.LayerNorm",
          "ffn1": "intermediate.dense", "ffn2": "output.dense", "ln2": "output.LayerNorm"}
    for i in range(len(model.layers)):
        for ours, theirs in hf.items():
            for p in ("weight", "bias"):
                names[f"layers.{i}.{ours}.{p}"] = f"encoder.layer.{i}.{theirs}.{p}"
    state = model.state_dict()
    for ours, theirs in names.items():
        if tuple(W[theirs].shape) != tuple(state[ours].shape):
            raise SystemExit(f"{theirs}: shape {W[theirs].shape}, expected {tuple(state[ours].shape)}")
        state[ours] = torch.from_numpy(W[theirs])
    missing = set(state) - set(names)
    if missing:
        raise SystemExit("parameters not loaded: " + ", ".join(sorted(missing)))
    model.load_state_dict(state)


def main():
    info_path, weights_path, out_path = sys.argv[1:4]
    with open(info_path) as f:
        info = json.load(f)
    head = info["heads"][0]
    if head["kind"] not in ("binary", "classes"):
        raise SystemExit(f"{info_path}: the benchmark exports binary or classes heads, not {head['kind']}")
    torch.manual_seed(0)
    model = Classifier(info["encoder"], head).eval()
    load(model, read_safetensors(weights_path), head)
    T = 16
    ids = torch.full((2, T), 1000, dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.ones_like(ids)
    with torch.no_grad():
        torch.onnx.export(model, (ids, types, mask), out_path,
                          input_names=["input_ids", "token_type_ids", "attention_mask"],
                          output_names=["probabilities", "pooled_output"],
                          dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "token_type_ids", "attention_mask")}
                          | {"probabilities": {0: "batch"}, "pooled_output": {0: "batch"}},
                          opset_version=14, do_constant_folding=True)
    print(f"exported {info['name']} to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
