"""Tests of the Python binding (bertc.Classifier, bertc.tokenize) against independent values:
PyTorch's probabilities for the demo checkpoint on SST-2 dev (tests/reference/golden, written by
sst2_demo_reference.py) and Hugging Face's ids for a known text."""
import json
import os
import threading
import time

import numpy as np
import pytest

import bertc
from conftest import SOURCE

GOLDEN = os.path.join(SOURCE, "tests", "reference", "golden", "sst2-bert-tiny-dev.json")


def test_classify_matches_pytorch_on_dev(demo_model, demo_checkpoint, dev_sentences):
    c = bertc.Classifier(demo_model, demo_checkpoint)
    want = json.load(open(GOLDEN))["probabilities"][:100]
    rows = c.classify(dev_sentences[:100])
    assert len(rows) == 100
    for row, text, p in zip(rows, dev_sentences, want):
        assert row["text"] == text
        probs = row["heads"]["classes"]["probabilities"]
        assert abs(probs["negative"] - p[0]) < 1e-4 and abs(probs["positive"] - p[1]) < 1e-4
        assert row["label"] == ("positive" if p[1] > p[0] else "negative")
        assert row["probability"] == pytest.approx(max(p), abs=1e-4)


def test_arrays_have_the_documented_shapes(demo_model, demo_checkpoint, dev_sentences):
    c = bertc.Classifier(demo_model, demo_checkpoint, batch_size=3)
    assert c.heads == ["classes"]
    assert c.labels == {"classes": ["negative", "positive"]}
    assert c.isa in ("avx512", "avx2", "sse41")  # an f32 model's instruction sets
    p = c.probabilities(dev_sentences[:7])
    assert p.shape == (7, 2) and p.dtype == np.float32
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-6)
    want = np.array(json.load(open(GOLDEN))["probabilities"][:7])
    np.testing.assert_allclose(p, want, atol=1e-4)
    pooled = c.output(dev_sentences[:7], "pooled_output")
    assert pooled.shape == (7, 128) and pooled.dtype == np.float32
    assert np.all(np.abs(pooled) <= 1.0)  # tanh


def test_pairs_are_encoded_as_pairs(demo_model, demo_checkpoint):
    c = bertc.Classifier(demo_model, demo_checkpoint)
    single = c.probabilities(["a fine film", "a fine film"])
    paired = c.probabilities(["a fine film", "a fine film"], pairs=[None, "but too long"])
    np.testing.assert_array_equal(single[0], paired[0])
    assert np.abs(single[1] - paired[1]).max() > 1e-6
    rows = c.classify(["a", "b"], pairs=["c", None])
    assert rows[0]["text_b"] == "c" and "text_b" not in rows[1]


def test_errors_carry_bertcs_message(demo_model, demo_checkpoint, tmp_path):
    with pytest.raises(bertc.Error, match="cannot open"):
        bertc.Classifier(demo_model, str(tmp_path / "missing.safetensors"))
    with pytest.raises(bertc.Error, match="no lib<name>.so here"):
        bertc.Classifier(str(tmp_path), demo_checkpoint)
    with pytest.raises(bertc.Error, match="batch size 99 is outside"):
        bertc.Classifier(demo_model, demo_checkpoint, batch_size=99)
    c = bertc.Classifier(demo_model, demo_checkpoint)
    with pytest.raises(bertc.Error, match="no output named 'nope'"):
        c.output(["x"], "nope")
    with pytest.raises(ValueError, match="one entry"):
        c.classify(["x", "y"], pairs=["z"])
    assert isinstance(bertc.Error("x"), RuntimeError)


def test_threads_run_in_parallel_without_the_gil(demo_model, demo_checkpoint, dev_sentences):
    classifiers = [bertc.Classifier(demo_model, demo_checkpoint, threads=1) for _ in range(2)]
    expected = classifiers[0].probabilities(dev_sentences)
    results, calls = [None, None], [None, None]

    def work(i):
        start = time.perf_counter()
        results[i] = classifiers[i].probabilities(dev_sentences)
        calls[i] = (start, time.perf_counter())

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    spins = []
    while any(t.is_alive() for t in threads):
        spins.append(time.perf_counter())
    for t in threads:
        t.join()
    for r in results:
        np.testing.assert_array_equal(r, expected)
    # Inside the model call (edges trimmed by more than the interpreter's 5 ms switch interval)
    # the main thread keeps running: the call holds no GIL.
    start, end = max(c[0] for c in calls) + 0.02, min(c[1] for c in calls) - 0.02
    assert end - start > 0.05, "the two calls did not overlap: the GIL is held while the model runs"
    assert sum(start < t < end for t in spins) > 1000


def test_tokenize_gives_hugging_faces_ids():
    vocab = os.path.join(SOURCE, "data", "bert-vocab", "bert-base-uncased-vocab.txt")
    (e,) = bertc.tokenize(["Hello, world!"], vocab)
    assert e["ids"] == [101, 7592, 1010, 2088, 999, 102]
    assert e["tokens"] == ["[CLS]", "hello", ",", "world", "!", "[SEP]"]
    assert e["type_ids"] == [0] * 6
    assert e["offsets"] == [(0, 0), (0, 5), (5, 6), (7, 12), (12, 13), (0, 0)]
    (p,) = bertc.tokenize(["a b c d"], vocab, max_length=5, pairs=["e f"])
    assert len(p["ids"]) == 5 and p["ids"][0] == 101 and p["ids"][-1] == 102
    assert p["type_ids"][-1] == 1
    with pytest.raises(bertc.Error):
        bertc.tokenize(["x"], "/nonexistent/vocab.txt")


def test_help_documents_the_classifier():
    assert "batch_size" in bertc.Classifier.__doc__
    assert "bert-classify" in bertc.Classifier.classify.__doc__
