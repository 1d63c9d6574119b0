"""bertc: BERT text classifiers compiled ahead of time, from Python.

    import bertc
    c = bertc.Classifier("out/tiny", "w.safetensors")   # a model compiled with --emit=shared
    c.classify(["a fine film"])           # [{"text", "label", "probability", "heads": {...}}]
    c.probabilities(["a fine film"])      # numpy array [1, total labels]
    bertc.tokenize(["Hello, world!"], "vocab.txt")

See docs/python.md.
"""
from ._bertc import Classifier, Error, tokenize

__all__ = ["Classifier", "Error", "tokenize"]
