#!/usr/bin/python3
"""Random bert-base (L12 H768 A12 I3072, fp32, init std 0.02) for the Halide prototype.

  /usr/bin/python3 export_bert.py OUT_DIR [SEQ]

Writes into OUT_DIR:
  bert-base.onnx       the whole model (input_ids, attention_mask -> last_hidden_state), opset 14
  layer0/*.bin         layer 0 weights, raw little-endian float32, PyTorch layouts (Linear: [out, in])
  layer0/x.bin         layer 0 input  [SEQ, 768] (embeddings of random token ids)
  layer0/y_torch.bin   layer 0 output [SEQ, 768] computed by PyTorch (the correctness reference)
  input_ids.bin        int64 [1, SEQ] token ids used for x and for the ONNX timing

The module mirrors Hugging Face BertModel/BertLayer (post-LN, erf GELU, eps 1e-12, additive key
mask (1 - mask) * -10000) so the exported graph looks like an HF export to ONNX Runtime.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

H, L, A, I, VOCAB, MAXPOS = 768, 12, 12, 3072, 30522, 512
EPS = 1e-12


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v = nn.Linear(H, H), nn.Linear(H, H), nn.Linear(H, H)
        self.o = nn.Linear(H, H)
        self.ln1 = nn.LayerNorm(H, eps=EPS)
        self.ffn1 = nn.Linear(H, I)
        self.ffn2 = nn.Linear(I, H)
        self.ln2 = nn.LayerNorm(H, eps=EPS)

    def forward(self, x, ext_mask):  # x [B, T, H], ext_mask [B, 1, 1, T]
        B, T, _ = x.shape
        def heads(t):
            return t.view(B, T, A, H // A).permute(0, 2, 1, 3)
        q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
        s = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(H // A) + ext_mask
        p = torch.softmax(s, dim=-1)
        c = torch.matmul(p, v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = self.ln1(self.o(c) + x)
        return self.ln2(self.ffn2(F.gelu(self.ffn1(a))) + a)


class Bert(nn.Module):
    def __init__(self):
        super().__init__()
        self.word = nn.Embedding(VOCAB, H)
        self.pos = nn.Embedding(MAXPOS, H)
        self.tok_type = nn.Embedding(2, H)
        self.ln = nn.LayerNorm(H, eps=EPS)
        self.layers = nn.ModuleList([Layer() for _ in range(L)])

    def embed(self, ids):
        T = ids.shape[1]
        pos = torch.arange(T, dtype=torch.long).unsqueeze(0)
        return self.ln(self.word(ids) + self.pos(pos) + self.tok_type(torch.zeros_like(ids)))

    def forward(self, input_ids, attention_mask):
        ext = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        x = self.embed(input_ids)
        for layer in self.layers:
            x = layer(x, ext)
        return x


def init(m):
    # HF BertPreTrainedModel._init_weights: N(0, 0.02) weights, zero biases, LN (1, 0).
    # Biases and LN affine params are randomised too here so that every term is exercised.
    for mod in m.modules():
        if isinstance(mod, (nn.Linear, nn.Embedding)):
            nn.init.normal_(mod.weight, 0.0, 0.02)
            if isinstance(mod, nn.Linear):
                nn.init.normal_(mod.bias, 0.0, 0.02)
        elif isinstance(mod, nn.LayerNorm):
            nn.init.normal_(mod.weight, 1.0, 0.02)
            nn.init.normal_(mod.bias, 0.0, 0.02)


def save(path, t):
    t.detach().contiguous().to(torch.float32).numpy().tofile(path)


def main():
    out = sys.argv[1]
    seq = int(sys.argv[2]) if len(sys.argv) > 2 else 128
    os.makedirs(os.path.join(out, "layer0"), exist_ok=True)
    torch.manual_seed(1234)
    model = Bert().eval()
    init(model)
    ids = torch.randint(1000, VOCAB, (1, seq), dtype=torch.long)
    ids[0, 0], ids[0, -1] = 101, 102
    mask = torch.ones_like(ids)
    ids.numpy().tofile(os.path.join(out, "input_ids.bin"))
    with torch.no_grad():
        x = model.embed(ids)
        ext = torch.zeros(1, 1, 1, seq)
        l0 = model.layers[0]
        y = l0(x, ext)
        d = os.path.join(out, "layer0")
        save(os.path.join(d, "x.bin"), x[0])
        save(os.path.join(d, "y_torch.bin"), y[0])
        for name, lin in (("q", l0.q), ("k", l0.k), ("v", l0.v), ("o", l0.o),
                          ("ffn1", l0.ffn1), ("ffn2", l0.ffn2)):
            save(os.path.join(d, f"w_{name}.bin"), lin.weight)   # [out, in]
            save(os.path.join(d, f"b_{name}.bin"), lin.bias)
        for name, ln in (("ln1", l0.ln1), ("ln2", l0.ln2)):
            save(os.path.join(d, f"g_{name}.bin"), ln.weight)
            save(os.path.join(d, f"b_{name}.bin"), ln.bias)
        full = model(ids, mask)
        save(os.path.join(out, "y_model_torch.bin"), full[0])
        torch.onnx.export(model, (ids, mask), os.path.join(out, "bert-base.onnx"),
                          input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                        "attention_mask": {0: "batch", 1: "seq"},
                                        "last_hidden_state": {0: "batch", 1: "seq"}},
                          opset_version=14, do_constant_folding=True)
    print(f"exported bert-base (seq {seq}) and layer 0 to {out}")


if __name__ == "__main__":
    main()
