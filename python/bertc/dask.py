"""Classifying a corpus on a Dask cluster (Debian's python3-distributed).

    from distributed import Client, LocalCluster
    import bertc.dask
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))   # or Client("tcp://host:8786")
    futures = bertc.dask.classify_files(client, "out/sst2", "examples/sst2-bert-tiny",
                                        ["corpus.txt"], "results/")
    client.gather(futures)

Input files hold one text per line, taken verbatim (without its LF or CRLF, as bert-classify
reads lines). Each
partition of consecutive lines is one task; it writes results/part-KKKKK-of-NNNNN.jsonl, one JSON
object per input line: bert-classify's JSON line plus "id", the line's 0-based number over all
inputs in order, or {"id": N, "error": "..."} for a line bertc refuses. A part file is written
under a temporary name and renamed when complete, and a task whose part exists is skipped, so a
re-run after a failure (or Dask's retry of a killed worker's task) leaves every line exactly once.
A worker loads the model once (a classifier cached per worker thread), not once per partition.
classify_bag and classify_dataframe do the same for a Dask bag of texts or a dataframe's column.
"""
import json
import os
import threading

import bertc

# bert-classify's limit on one line (support/Limits.h: kTextBytes); longer lines are error rows
# with bert-classify's message.
TEXT_BYTES = 1 << 20

_cache = threading.local()
loads = 0  # classifiers this process has created (a test checks: one per worker thread)


def _classifier(model, weights, vocab, threads, batch_size):
    key = (model, weights, vocab, threads, batch_size)
    if getattr(_cache, "key", None) != key:
        global loads
        _cache.classifier = bertc.Classifier(model, weights, vocab=vocab, threads=threads,
                                             batch_size=batch_size)
        _cache.key = key
        loads += 1
    return _cache.classifier


def _classify_rows(classifier, texts, first_id):
    """bert-classify's rows for `texts`, with ids; a row bertc refuses becomes an error row."""
    rows = [None] * len(texts)
    ok = [i for i, t in enumerate(texts) if len(t.encode("utf-8", "surrogateescape")) <= TEXT_BYTES]
    for i in set(range(len(texts))) - set(ok):
        rows[i] = {"id": first_id + i, "error": "line is longer than 1 MiB (the limit on one text)"}
    try:
        answered = classifier.classify([texts[i] for i in ok])
    except bertc.Error:  # find the row(s) at fault one by one
        answered = []
        for i in ok:
            try:
                answered.extend(classifier.classify([texts[i]]))
            except bertc.Error as e:
                answered.append({"error": str(e)})
    for i, row in zip(ok, answered):
        rows[i] = dict({"id": first_id + i}, **row)
    return rows


def classify_texts(texts, first_id, model, weights, vocab=None, threads=None, batch_size=None):
    """One partition's rows (ids from first_id), with the worker's cached classifier."""
    return _classify_rows(_classifier(model, weights, vocab, threads, batch_size), list(texts), first_id)


def classify_bag(bag, model, weights, vocab=None, threads=None, batch_size=None):
    """A Dask bag of texts to delayed lists of rows, one per partition; ids are positions in the
    bag. Each partition's first id is the sum of the earlier partitions' lengths, computed in the
    same graph, so computing the results together reads every partition once."""
    import dask

    parts = bag.to_delayed()
    lengths = [dask.delayed(len)(p) for p in parts]
    return [dask.delayed(classify_texts)(p, dask.delayed(sum)(lengths[:k]), model, weights, vocab,
                                         threads, batch_size)
            for k, p in enumerate(parts)]


def classify_dataframe(df, column, model, weights, vocab=None, threads=None, batch_size=None):
    """A Dask dataframe's text column classified partition by partition: a dataframe with the same
    index, holding the first head's "label" and "probability", every head's label probabilities
    as "HEAD:LABEL" columns, and "error" (empty, or why bertc refused the row)."""
    import pandas as pd

    labels = bertc.Classifier(model, weights, vocab=vocab, batch_size=batch_size).labels  # the columns
    columns = ["label", "probability"] + ["%s:%s" % (h, l) for h, ls in labels.items() for l in ls] + ["error"]

    def classify_partition(part):
        rows = classify_texts(part[column].astype(str).tolist(), 0, model, weights, vocab, threads, batch_size)
        flat = []
        for row in rows:
            out = {"label": row.get("label", ""), "probability": row.get("probability", float("nan")),
                   "error": row.get("error", "")}
            for head, answer in row.get("heads", {}).items():
                out.update({"%s:%s" % (head, l): p for l, p in answer["probabilities"].items()})
            flat.append(out)
        return pd.DataFrame(flat, index=part.index, columns=columns)

    meta = pd.DataFrame({c: pd.Series(dtype="object" if c in ("label", "error") else "float64")
                         for c in columns})
    return df.map_partitions(classify_partition, meta=meta)


def plan_partitions(inputs, lines_per_partition):
    """[(path, byte offset, lines, first id)] covering every line of `inputs` in order."""
    plan, first_id = [], 0
    for path in inputs:
        offset, count, start = 0, 0, 0
        with open(path, "rb") as f:
            for line in f:
                if count == 0:
                    start = offset
                offset += len(line)
                count += 1
                if count == lines_per_partition:
                    plan.append((path, start, count, first_id))
                    first_id += count
                    count = 0
        if count:
            plan.append((path, start, count, first_id))
            first_id += count
    return plan


def _read_lines(path, offset, count):
    with open(path, "rb") as f:
        f.seek(offset)
        lines = [f.readline() for _ in range(count)]
    # The end of line goes, LF or CRLF, as bert-classify reads lines.
    return [line[:-2] if line.endswith(b"\r\n") else line[:-1] if line.endswith(b"\n") else line
            for line in lines]


def _part_name(k, n):
    return "part-%05d-of-%05d.jsonl" % (k, n)


def write_partition(part, k, n, output_dir, model, weights, vocab, threads, batch_size):
    """Classifies one planned partition and writes its part file whole (temporary name, then
    rename). Skips a partition whose part file exists. Returns the rows written."""
    path, offset, count, first_id = part
    target = os.path.join(output_dir, _part_name(k, n))
    if os.path.exists(target):
        return count
    texts = [line.decode("utf-8", "surrogateescape") for line in _read_lines(path, offset, count)]
    rows = classify_texts(texts, first_id, model, weights, vocab, threads, batch_size)
    temp = "%s.tmp-%d" % (target, os.getpid())
    with open(temp, "w", encoding="utf-8", errors="surrogateescape") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(temp, target)
    return count


def classify_files(client, model, weights, inputs, output_dir, vocab=None, threads=1, batch_size=None,
                   lines_per_partition=10000):
    """Submits one task per partition of `inputs` (lines_per_partition lines each); returns the
    futures (each gives its row count). Part files of another partitioning are removed first."""
    os.makedirs(output_dir, exist_ok=True)
    plan = plan_partitions([os.path.abspath(p) for p in inputs], lines_per_partition)
    keep = {_part_name(k, len(plan)) for k in range(len(plan))}
    for name in os.listdir(output_dir):
        if name.startswith("part-") and name not in keep:
            os.remove(os.path.join(output_dir, name))
    model, weights = os.path.abspath(model), os.path.abspath(weights)
    output_dir = os.path.abspath(output_dir)
    return [client.submit(write_partition, part, k, len(plan), output_dir, model, weights, vocab, threads,
                          batch_size, key="bertc-part-%05d-of-%05d-%s" % (k, len(plan), output_dir),
                          retries=3)
            for k, part in enumerate(plan)]
