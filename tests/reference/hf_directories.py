#!/usr/bin/env python3
"""Writes the Hugging Face directories of tests/reference/hf/ with Debian's python3-torch, and what
PyTorch computes for each on a fixed batch (expected.json), for the `bertc import` tests:

  seqcls2     BertForSequenceClassification, labels negative/positive; only pytorch_model.bin
  seqcls3     3 labels; model.safetensors in float16 (checked against the fp16-rounded weights)
  seqcls1     num_labels 1, multi_label_classification: a sigmoid head
  pretraining BertForPreTraining (masked LM + next sentence), decoder tied to the embeddings;
              also fill_mask.json, the top 5 tokens at the [MASK] of FILL_MASK_TEXT
  encoder     BertModel, names without "bert.", a sharded safetensors checkpoint, tokenizer.json
              instead of vocab.txt, and a vocabulary shorter than vocab_size

Every model is small (hidden 16, 2 layers) with weights drawn from N(0, 0.2) so outputs vary.
The reference forward is bert_reference.bert_forward in float64. Run it after changing this
script; its outputs are committed so that the tests need no PyTorch.
"""
import collections
import json
import os
import shutil
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bert_reference import bert_forward  # noqa: E402

OUT = os.path.join(HERE, "hf")
SPECIALS = ["[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ["the", "a", "film", "good", "bad", "is", "was", "not", "very", "plot", "##s", "##ly",
         "fun", "dull", "actor", "story", ",", ".", "!", "and"]
VOCAB = SPECIALS + WORDS  # 26 tokens
CONFIG = {"hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 2,
          "intermediate_size": 32, "hidden_act": "gelu", "layer_norm_eps": 1e-12,
          "max_position_embeddings": 64, "type_vocab_size": 2, "vocab_size": len(VOCAB),
          "model_type": "bert", "position_embedding_type": "absolute"}
FILL_MASK_TEXT = "the [MASK] is good ."
BATCH = {"input_ids": [[3, 6, 8, 9, 4, 0, 0], [3, 7, 10, 11, 4, 16, 4], [3, 2, 4, 0, 0, 0, 0]],
         "token_type_ids": [[0] * 7, [0, 0, 0, 0, 0, 1, 1], [0] * 7],
         "attention_mask": [[1, 1, 1, 1, 1, 0, 0], [1] * 7, [1, 1, 1, 0, 0, 0, 0]]}


def encoder_weights(rng, cfg):
    h, i, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    w = {"embeddings.word_embeddings.weight": (v, h),
         "embeddings.position_embeddings.weight": (cfg["max_position_embeddings"], h),
         "embeddings.token_type_embeddings.weight": (2, h),
         "embeddings.LayerNorm.weight": (h,), "embeddings.LayerNorm.bias": (h,),
         "pooler.dense.weight": (h, h), "pooler.dense.bias": (h,)}
    for layer in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % layer
        for name in ["attention.self.query", "attention.self.key", "attention.self.value",
                     "attention.output.dense"]:
            w[p + name + ".weight"], w[p + name + ".bias"] = (h, h), (h,)
        w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"] = (i, h), (i,)
        w[p + "output.dense.weight"], w[p + "output.dense.bias"] = (h, i), (h,)
        for ln in ["attention.output.LayerNorm", "output.LayerNorm"]:
            w[p + ln + ".weight"], w[p + ln + ".bias"] = (h,), (h,)
    return {k: rng.normal(0, 0.2, s) + (1.0 if k.endswith("LayerNorm.weight") else 0.0)
            for k, s in w.items()}


def head_weights(rng, kind, n, h, v):
    if kind == "classifier":
        return {"classifier.weight": rng.normal(0, 0.2, (n, h)), "classifier.bias": rng.normal(0, 0.2, (n,))}
    return {"cls.predictions.transform.dense.weight": rng.normal(0, 0.2, (h, h)),
            "cls.predictions.transform.dense.bias": rng.normal(0, 0.2, (h,)),
            "cls.predictions.transform.LayerNorm.weight": 1 + rng.normal(0, 0.2, (h,)),
            "cls.predictions.transform.LayerNorm.bias": rng.normal(0, 0.2, (h,)),
            "cls.predictions.bias": rng.normal(0, 0.2, (v,)),
            "cls.seq_relationship.weight": rng.normal(0, 0.2, (2, h)),
            "cls.seq_relationship.bias": rng.normal(0, 0.2, (2,))}


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        dtype = {torch.float32: "F32", torch.float16: "F16"}[t.dtype]
        b = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(len(h).to_bytes(8, "little") + h + b"".join(blobs))


def write_case(name, cfg, weights, heads, prefix, fmt, dtype=torch.float32, tokenizer="vocab"):
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    vocab = VOCAB[: cfg.pop("vocab_lines", len(VOCAB))]
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    if tokenizer == "vocab":
        with open(os.path.join(d, "vocab.txt"), "w") as f:
            f.write("\n".join(vocab) + "\n")
        with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
            json.dump({"do_lower_case": True, "model_max_length": 32, "tokenizer_class": "BertTokenizer"}, f)
    else:
        with open(os.path.join(d, "tokenizer.json"), "w") as f:
            json.dump({"version": "1.0", "normalizer": {"type": "BertNormalizer", "lowercase": True,
                                                        "clean_text": True, "handle_chinese_chars": True,
                                                        "strip_accents": None},
                       "pre_tokenizer": {"type": "BertPreTokenizer"},
                       "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                                 "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(vocab)}}}, f)
    state = collections.OrderedDict((prefix + k if not k.startswith("cls") and not k.startswith("classifier") else k,
                                     torch.tensor(v, dtype=torch.float32).to(dtype))
                                    for k, v in sorted(weights.items()))
    if "cls.predictions.bias" in state:  # Hugging Face saves the tied decoder too
        state["cls.predictions.decoder.weight"] = state[prefix + "embeddings.word_embeddings.weight"]
    if fmt == "bin":
        torch.save(state, os.path.join(d, "pytorch_model.bin"))
    elif fmt == "safetensors":
        write_safetensors(os.path.join(d, "model.safetensors"), state)
    else:  # two shards and their index
        names = sorted(state)
        shards = {"model-00001-of-00002.safetensors": names[: len(names) // 2],
                  "model-00002-of-00002.safetensors": names[len(names) // 2:]}
        for shard, part in shards.items():
            write_safetensors(os.path.join(d, shard), {n: state[n] for n in part})
        with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {}, "weight_map": {n: s for s, p in shards.items() for n in p}}, f, indent=1)
    # The reference runs on the weights as stored (fp16-rounded where stored in fp16), in float64.
    stored = {k[len(prefix):] if k.startswith(prefix) and prefix else k: v.to(torch.float64) for k, v in state.items()}
    rcfg = {"num_layers": cfg["num_hidden_layers"], "num_heads": cfg["num_attention_heads"],
            "hidden_act": cfg["hidden_act"], "layer_norm_eps": cfg["layer_norm_eps"], "heads": heads}
    with torch.no_grad():
        out = bert_forward(stored, rcfg, BATCH["input_ids"], BATCH["token_type_ids"], BATCH["attention_mask"])
    with open(os.path.join(d, "input.json"), "w") as f:
        json.dump(BATCH, f)
    if any(h["kind"] == "mlm" for h in heads):
        write_fill_mask(d, stored, rcfg)
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump({k: v.tolist() for k, v in out.items()}, f)


def write_fill_mask(d, weights, rcfg):
    # Every word of the text is a whole token of VOCAB, so WordPiece is a plain lookup here.
    ids = [VOCAB.index("[CLS]")] + [VOCAB.index(w) for w in FILL_MASK_TEXT.split()] + [VOCAB.index("[SEP]")]
    with torch.no_grad():
        out = bert_forward(weights, rcfg, [ids], [[0] * len(ids)], [[1] * len(ids)])
    probs = torch.softmax(out["mlm.logits"][0, ids.index(VOCAB.index("[MASK]"))], dim=-1)
    top = torch.topk(probs, 5)
    with open(os.path.join(d, "fill_mask.json"), "w") as f:
        json.dump({"text": FILL_MASK_TEXT, "top": [{"token": VOCAB[i], "probability": p}
                                                   for p, i in zip(top.values.tolist(), top.indices.tolist())]}, f)


def main():
    rng = np.random.default_rng(14)
    h, v = CONFIG["hidden_size"], CONFIG["vocab_size"]
    seq = dict(CONFIG, architectures=["BertForSequenceClassification"])
    w = encoder_weights(rng, CONFIG)
    write_case("seqcls2", dict(seq, id2label={"0": "negative", "1": "positive"},
                               label2id={"negative": 0, "positive": 1}),
               {**w, **head_weights(rng, "classifier", 2, h, v)}, [{"kind": "classes"}], "bert.", "bin")
    write_case("seqcls3", dict(seq, id2label={"0": "sad", "1": "neutral", "2": "happy"},
                               problem_type="single_label_classification"),
               {**w, **head_weights(rng, "classifier", 3, h, v)}, [{"kind": "classes"}], "bert.",
               "safetensors", dtype=torch.float16)
    write_case("seqcls1", dict(seq, id2label={"0": "toxic"}, problem_type="multi_label_classification"),
               {**w, **head_weights(rng, "classifier", 1, h, v)}, [{"kind": "binary"}], "bert.", "bin")
    write_case("pretraining", dict(CONFIG, architectures=["BertForPreTraining"]),
               {**w, **head_weights(rng, "cls", 0, h, v)}, [{"kind": "mlm"}, {"kind": "nsp"}], "bert.", "bin")
    big = dict(CONFIG, vocab_size=v + 6, architectures=["BertModel"], vocab_lines=v)
    write_case("encoder", big, encoder_weights(rng, dict(big)), [{"kind": "pooled"}, {"kind": "sequence"}], "",
               "sharded", tokenizer="json")


if __name__ == "__main__":
    main()
