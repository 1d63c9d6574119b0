"""bertc.dask on a real cluster: a LocalCluster of two worker processes on 127.0.0.1. Answers are
compared with one bert-classify process on the same lines (labels identical, probabilities within
1e-6); a worker killed with SIGKILL mid-run still leaves every line answered exactly once."""
import glob
import json
import os
import signal
import subprocess
import time

import pytest
from distributed import Client, LocalCluster

import bertc.dask
from conftest import BERTC, SOURCE

BERT_CLASSIFY = os.path.join(os.path.dirname(os.path.dirname(BERTC)), "runtime", "classify", "bert-classify")
CORPUS_LINES = 20000


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The first CORPUS_LINES sentences of SST-2 train, one per line."""
    lines = open(os.path.join(SOURCE, "data", "sst2", "train.tsv"), encoding="utf-8").read().splitlines()[1:]
    path = tmp_path_factory.mktemp("corpus") / "train.txt"
    path.write_text("\n".join(line.split("\t")[0] for line in lines[:CORPUS_LINES]) + "\n", encoding="utf-8")
    return str(path)


def read_parts(output):
    rows = []
    for part in sorted(glob.glob(os.path.join(output, "part-*.jsonl"))):
        rows.extend(json.loads(line) for line in open(part, encoding="utf-8"))
    return rows


def bert_classify(model, weights, path):
    out = subprocess.run([BERT_CLASSIFY, "--model", model, "--weights", weights, "--input", path,
                          "--format", "jsonl"], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def assert_same_answers(rows, reference):
    assert [r["id"] for r in rows] == list(range(len(reference)))
    for row, want in zip(rows, reference):
        assert row["text"] == want["text"] and row["label"] == want["label"]
        for head, answer in want["heads"].items():
            for label, p in answer["probabilities"].items():
                assert abs(row["heads"][head]["probabilities"][label] - p) <= 1e-6


def test_two_workers_answer_as_one_bert_classify(client, demo_model, demo_checkpoint, corpus, tmp_path):
    futures = bertc.dask.classify_files(client, demo_model, demo_checkpoint, [corpus], str(tmp_path),
                                        lines_per_partition=2500)
    assert sum(client.gather(futures)) == CORPUS_LINES
    assert len(glob.glob(str(tmp_path / "part-*-of-00008.jsonl"))) == 8
    assert_same_answers(read_parts(str(tmp_path)), bert_classify(demo_model, demo_checkpoint, corpus))
    # Each worker (one thread each) loaded the model once for its partitions, not once per partition.
    loads = client.run(lambda: bertc.dask.loads)
    assert all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1


def test_long_lines_are_truncated_and_oversized_ones_are_error_rows(client, demo_model, demo_checkpoint,
                                                                    tmp_path):
    long_text = "a gripping , beautifully acted film " * 20000  # 720 kB: cut to max_seq_len tokens
    path = tmp_path / "long.txt"
    path.write_text("fine\r\n" + long_text + "\n" + "x" * (bertc.dask.TEXT_BYTES + 1) + "\nfine again\n")
    futures = bertc.dask.classify_files(client, demo_model, demo_checkpoint, [str(path)], str(tmp_path / "out"),
                                        lines_per_partition=3)
    assert sum(client.gather(futures)) == 4
    rows = read_parts(str(tmp_path / "out"))
    assert [r["id"] for r in rows] == [0, 1, 2, 3]
    assert rows[0]["text"] == "fine"  # CRLF ends a line as LF does
    assert rows[2] == {"id": 2, "error": "line is longer than 1 MiB (the limit on one text)"}
    one = tmp_path / "one.txt"
    one.write_text(long_text + "\n")
    (want,) = bert_classify(demo_model, demo_checkpoint, str(one))
    assert rows[1]["label"] == want["label"] and abs(rows[1]["probability"] - want["probability"]) <= 1e-6


def test_bags_and_dataframes_are_classified_partition_by_partition(client, demo_model, demo_checkpoint,
                                                                    dev_sentences):
    import dask
    import dask.bag
    import dask.dataframe
    import pandas as pd

    texts = dev_sentences[:50]
    want = bertc.Classifier(demo_model, demo_checkpoint).classify(texts)
    rows = [r for part in dask.compute(*bertc.dask.classify_bag(dask.bag.from_sequence(texts, npartitions=4),
                                                                 demo_model, demo_checkpoint)) for r in part]
    assert [r["id"] for r in rows] == list(range(50)) and [r["label"] for r in rows] == [w["label"] for w in want]
    df = dask.dataframe.from_pandas(pd.DataFrame({"sentence": texts}, index=range(100, 150)), npartitions=3)
    out = bertc.dask.classify_dataframe(df, "sentence", demo_model, demo_checkpoint).compute()
    assert list(out.index) == list(range(100, 150)) and list(out["label"]) == [w["label"] for w in want]
    for (_, row), w in zip(out.iterrows(), want):
        assert abs(row["classes:positive"] - w["heads"]["classes"]["probabilities"]["positive"]) <= 1e-6
    assert (out["error"] == "").all()


def test_a_killed_worker_leaves_every_line_exactly_once(client, demo_model, demo_checkpoint, corpus, tmp_path):
    futures = bertc.dask.classify_files(client, demo_model, demo_checkpoint, [corpus], str(tmp_path),
                                        lines_per_partition=500)
    deadline = time.time() + 120
    while not glob.glob(str(tmp_path / "part-*.jsonl")) and time.time() < deadline:
        time.sleep(0.05)
    pids = client.run(os.getpid)
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    assert sum(client.gather(futures)) == CORPUS_LINES
    rows = read_parts(str(tmp_path))
    assert sorted(r["id"] for r in rows) == list(range(CORPUS_LINES))
    assert len(glob.glob(str(tmp_path / "*.tmp-*"))) <= 1  # at most the killed task's temporary
