"""Deterministic BERT weight generator, bertc-weightgen/2.

The same function is implemented in C++ (runtime/init/WeightInit.cpp, bertc::initValue); both
must agree bit for bit. tests/reference/golden/weightgen-check.json pins that (WeightInitTest).

Specification (bertc-weightgen/2)
---------------------------------
value(seed, name, shape, index, profile) -> float32, for seed and index unsigned 64-bit integers,
name the Hugging Face tensor name exactly as bertc's frontend lists it (no "bert." prefix), shape
the tensor's shape (only its input width matters, below) and profile "bert" or "sharp". All
integer arithmetic is modulo 2^64.

  G  = 0x9E3779B97F4A7C15                      (splitmix64 increment, the golden ratio)
  h  = FNV-1a 64 of the UTF-8 bytes of name    (offset 0xCBF29CE484222325, prime 0x100000001B3)
  z  = ((seed * G) XOR h) + (index + 1) * G    (splitmix64 state advanced index+1 times)
  z  = (z XOR (z >> 30)) * 0xBF58476D1CE4E5B9
  z  = (z XOR (z >> 27)) * 0x94D049BB133111EB
  z  =  z XOR (z >> 31)                        (= the (index+1)-th splitmix64 output)
  m  = z >> 40                                  (24-bit integer in [0, 2^24))
  t  = (2*m + 1 - 2^24) / 2^24                  (exact in double; odd multiples of 2^-24 in (-1, 1),
                                                 symmetric about 0, never 0)
  (c, a) = centre and half-width of the tensor's class under the profile (tables below), where
  a = float32(std * sqrt(3)) for classes given by a standard deviation (computed in double and
  rounded to float32 once), or the listed float32(half-width) otherwise.
  Under "sharp", the classes matrix, qk and head of a 2-D tensor [out, in] scale their std with
  the input width in = shape[1]:  std = base * sqrt(128.0 / in)  (double: 128.0 / in, sqrt, times
  base; then a = float32(std * sqrt(3)) as above). Other shapes use base. At in = 128 the factor is
  exactly 1, so bert-tiny's hidden-to-hidden matrices are those of bertc-weightgen/1.
  value = c                                   if a == 0 (so +0.0, never -0.0)
        = float32(c + a * t)                  otherwise, evaluated in IEEE double and rounded to
                                              float32 once (round to nearest, ties to even).
  a has a 24-bit significand and t*2^24 is an integer below 2^24 in magnitude, so a*t is exact in
  double; only the addition of c and the final conversion round, which makes the result immune to
  FMA contraction and x87-vs-SSE differences.

Tensor class of a name, the first rule that matches:
  1. ends with "LayerNorm.weight"                                  -> ln_gamma
  2. ends with "LayerNorm.bias"                                    -> ln_beta
  3. starts with "embeddings."  (word, position, token_type)       -> embedding
  4. ends with ".bias"          (every Linear bias, cls.predictions.bias) -> bias
  5. ends with "attention.self.query.weight" or "attention.self.key.weight" -> qk
  6. starts with "encoder.", "pooler." or "cls."  but not "cls.seq_relationship."  -> matrix
  7. anything else (classifier.weight, any binary/classes head prefix, cls.seq_relationship.weight)
                                                                   -> head
(The tied "cls.predictions.decoder.weight" is not a tensor of its own: use the word embeddings.)

Profiles: (centre c, then std or half-width a)
  class      bert                   sharp
  embedding  c=0, std 0.02          c=0, std 0.5
  matrix     c=0, std 0.02          c=0, std 0.1 * sqrt(128 / in)
  qk         c=0, std 0.02          c=0, std 0.2 * sqrt(128 / in)
  head       c=0, std 0.02          c=0, std 0.3 * sqrt(128 / in)
  bias       c=0, a=0 (zeros)       c=0, std 0.1
  ln_gamma   c=1, a=0 (ones)        c=1, half-width 0.2   (uniform in [0.8, 1.2])
  ln_beta    c=0, a=0 (zeros)       c=0, half-width 0.1   (uniform in [-0.1, 0.1])
`bert` is BERT's own initialisation scale (std 0.02, with a uniform instead of a truncated
normal) for demos; `sharp` is for parity tests: large enough that attention is peaked, activations
reach GELU's curved region and every bias and LayerNorm parameter matters, so bugs are not hidden
by near-zero weights. The sharp matrix stds are fan-in scaled (bertc-weightgen/1 had them fixed,
which made bert-small chaotic in float32): queries and keys have std ~2.3 at every width, and
layer-0 attention scores std ~5 whatever the width and head size.
"""

import math
import struct

import numpy as np

G = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
M1 = 0xBF58476D1CE4E5B9
M2 = 0x94D049BB133111EB

SPEC = "bertc-weightgen/2"
PROFILES = ("bert", "sharp")
CLASSES = ("embedding", "matrix", "qk", "head", "bias", "ln_gamma", "ln_beta")


def f32(x):
    """Round a Python float (double) to the nearest float32, returned as a Python float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def _std(s):
    return f32(s * math.sqrt(3.0))


# (centre, half-width) per class and profile; half-widths are float32 values.
_SHARP_STD = {"embedding": 0.5, "matrix": 0.1, "qk": 0.2, "head": 0.3, "bias": 0.1}

_TABLE = {
    "bert": {
        "embedding": (0.0, _std(0.02)),
        "matrix": (0.0, _std(0.02)),
        "qk": (0.0, _std(0.02)),
        "head": (0.0, _std(0.02)),
        "bias": (0.0, 0.0),
        "ln_gamma": (1.0, 0.0),
        "ln_beta": (0.0, 0.0),
    },
    "sharp": {
        "embedding": (0.0, _std(_SHARP_STD["embedding"])),
        "matrix": (0.0, _std(_SHARP_STD["matrix"])),
        "qk": (0.0, _std(_SHARP_STD["qk"])),
        "head": (0.0, _std(_SHARP_STD["head"])),
        "bias": (0.0, _std(_SHARP_STD["bias"])),
        "ln_gamma": (1.0, f32(0.2)),
        "ln_beta": (0.0, f32(0.1)),
    },
}


def tensor_class(name):
    if name.endswith("LayerNorm.weight"):
        return "ln_gamma"
    if name.endswith("LayerNorm.bias"):
        return "ln_beta"
    if name.startswith("embeddings."):
        return "embedding"
    if name.endswith(".bias"):
        return "bias"
    if name.endswith("attention.self.query.weight") or name.endswith("attention.self.key.weight"):
        return "qk"
    if name.startswith(("encoder.", "pooler.", "cls.")) and not name.startswith("cls.seq_relationship."):
        return "matrix"
    return "head"


REFERENCE_WIDTH = 128  # sharp matrix/qk/head stds are given for this input width
SCALED = ("matrix", "qk", "head")


def in_features(shape):
    """The input width of a weight: shape[1] of a 2-D [out, in] tensor, else None."""
    if len(shape) == 2 and shape[1] > 0:
        return int(shape[1])
    return None


def centre_and_half_width(name, shape, profile):
    """(centre, half-width) of a tensor; the half-width is a float32 value (a Python float).

    Under `sharp`, the classes matrix, qk and head of a 2-D tensor scale their std with the input
    width: a = float32((std * sqrt(128.0 / in_features)) * sqrt(3.0)), every operation in double.
    At in_features 128 the factor is exactly 1."""
    cls = tensor_class(name)
    if profile == "sharp" and cls in SCALED:
        n = in_features(shape)
        if n is not None:
            return 0.0, _std(_SHARP_STD[cls] * math.sqrt(float(REFERENCE_WIDTH) / float(n)))
    return _TABLE[profile][cls]


def fnv1a64(name):
    h = FNV_OFFSET
    for b in name.encode("utf-8"):
        h ^= b
        h = (h * FNV_PRIME) & MASK
    return h


def mix64(z):
    z = ((z ^ (z >> 30)) * M1) & MASK
    z = ((z ^ (z >> 27)) * M2) & MASK
    return z ^ (z >> 31)


def init_value(seed, name, shape, index, profile):
    """The reference scalar implementation (pure Python integers): element `index` (row-major) of
    tensor `name` of `shape`."""
    c, a = centre_and_half_width(name, shape, profile)
    if a == 0.0:
        return c
    base = (((seed * G) & MASK) ^ fnv1a64(name)) & MASK
    z = mix64((base + (index + 1) * G) & MASK)
    m = z >> 40
    t = (2 * m + 1 - (1 << 24)) / float(1 << 24)
    return f32(c + a * t)


def _mix64_np(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(M1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(M2)
    return z ^ (z >> np.uint64(31))


def fill_tensor(seed, name, shape, profile):
    """Vectorised init_value over indices 0..prod(shape)-1 (row-major), as a float32 array."""
    n = int(np.prod(shape, dtype=np.int64)) if len(shape) else 1
    c, a = centre_and_half_width(name, shape, profile)
    if a == 0.0:
        return np.full(shape, c, dtype=np.float32)
    base = np.uint64((((seed * G) & MASK) ^ fnv1a64(name)) & MASK)
    with np.errstate(over="ignore"):
        idx = np.arange(1, n + 1, dtype=np.uint64)
        z = base + idx * np.uint64(G)  # wraps modulo 2^64
        z = _mix64_np(z)
    m = (z >> np.uint64(40)).astype(np.int64)
    t = (2 * m + 1 - (1 << 24)).astype(np.float64) / float(1 << 24)
    v = (c + a * t).astype(np.float32)
    return v.reshape(shape)


def digest(values):
    """Order-sensitive 64-bit digest of a float32 array (bit patterns), easy to mirror in C++:
    sum over i of mix64(bits_i XOR ((i + 1) * G)) modulo 2^64, i over the row-major elements."""
    bits = np.ascontiguousarray(values, dtype=np.float32).reshape(-1).view(np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        idx = np.arange(1, bits.size + 1, dtype=np.uint64)
        z = _mix64_np(bits ^ (idx * np.uint64(G)))
        total = int(np.sum(z, dtype=np.uint64))  # uint64 sums wrap modulo 2^64
    return total & MASK


def model_tensors(cfg):
    """(name, shape) of every weight of a config, in the order of bertc's expectedTensors()
    (compiler/frontend/ModelFigures.cpp), without tied tensors. cfg uses the YAML keys plus
    "heads": [{"kind": ..., "prefix": ..., "num_labels": ...}]."""
    h = cfg["hidden_size"]
    out = [
        ("embeddings.word_embeddings.weight", [cfg["vocab_size"], h]),
        ("embeddings.position_embeddings.weight", [cfg["max_position_embeddings"], h]),
        ("embeddings.token_type_embeddings.weight", [cfg["type_vocab_size"], h]),
        ("embeddings.LayerNorm.weight", [h]),
        ("embeddings.LayerNorm.bias", [h]),
    ]

    def linear(prefix, i, o):
        out.append((prefix + ".weight", [o, i]))
        out.append((prefix + ".bias", [o]))

    def ln(prefix):
        out.append((prefix + ".weight", [h]))
        out.append((prefix + ".bias", [h]))

    for layer in range(cfg["num_layers"]):
        p = "encoder.layer.%d" % layer
        linear(p + ".attention.self.query", h, h)
        linear(p + ".attention.self.key", h, h)
        linear(p + ".attention.self.value", h, h)
        linear(p + ".attention.output.dense", h, h)
        ln(p + ".attention.output.LayerNorm")
        linear(p + ".intermediate.dense", h, cfg["intermediate_size"])
        linear(p + ".output.dense", cfg["intermediate_size"], h)
        ln(p + ".output.LayerNorm")
    heads = cfg["heads"]
    if any(hd["kind"] in ("binary", "classes", "pooled", "nsp") for hd in heads):
        linear("pooler.dense", h, h)
    for hd in heads:
        k = hd["kind"]
        if k == "binary":
            linear(hd.get("prefix", "classifier"), h, 1)
        elif k == "classes":
            linear(hd.get("prefix", "classifier"), h, len(hd["labels"]))
        elif k == "mlm":
            linear("cls.predictions.transform.dense", h, h)
            ln("cls.predictions.transform.LayerNorm")
            out.append(("cls.predictions.bias", [cfg["vocab_size"]]))
        elif k == "nsp":
            linear("cls.seq_relationship", h, 2)
    return out


def generate_weights(cfg, seed, profile):
    return {name: fill_tensor(seed, name, shape, profile) for name, shape in model_tensors(cfg)}


if __name__ == "__main__":
    # Self-check: the vectorised path equals the scalar reference.
    import random

    rnd = random.Random(0)
    for profile in PROFILES:
        for name in ("embeddings.word_embeddings.weight", "encoder.layer.0.attention.self.query.weight",
                     "encoder.layer.1.output.LayerNorm.weight", "classifier.bias", "pooler.dense.weight"):
            seed = rnd.randrange(1 << 64)
            for shape in ([1000], [8, 125], [2, 500]):
                arr = fill_tensor(seed, name, shape, profile).reshape(-1)
                for i in range(0, 1000, 37):
                    assert struct.pack("<f", float(arr[i])) == struct.pack(
                        "<f", init_value(seed, name, shape, i, profile))
    print("ok")
