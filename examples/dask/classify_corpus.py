#!/usr/bin/python3
"""Classify a corpus on a Dask cluster with a model compiled by `bertc compile --emit=shared`.

    classify_corpus.py --scheduler local --workers 2 --model OUT --weights W --input a.txt b.txt --output DIR
    classify_corpus.py --scheduler tcp://10.0.0.5:8786 --model OUT --weights W --input a.txt --output DIR

`local` starts a LocalCluster of --workers processes (one thread each) on 127.0.0.1; an address
joins a running `dask scheduler` whose workers (`dask worker tcp://...`) see the same paths (a
shared file system) and can import bertc (PYTHONPATH=<build>/python). Input files hold one text
per line; DIR receives part-*.jsonl (bertc.dask). Run it again after a failure: finished parts
are kept, the rest are done, and no line is answered twice.
"""
import argparse
import sys
import time

from distributed import Client, LocalCluster, progress

import bertc.dask


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scheduler", required=True, help="local, or a scheduler address (tcp://host:8786)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes of a local cluster")
    ap.add_argument("--model", required=True, help="the directory bertc compile --emit=shared wrote")
    ap.add_argument("--weights", required=True, help="weights file or Hugging Face directory")
    ap.add_argument("--input", nargs="+", required=True, help="text files, one text per line")
    ap.add_argument("--output", required=True, help="directory for part-*.jsonl")
    ap.add_argument("--lines-per-partition", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=1, help="kernel threads per worker")
    a = ap.parse_args()
    if a.scheduler == "local":
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(a.scheduler)
    start = time.time()
    futures = bertc.dask.classify_files(client, a.model, a.weights, a.input, a.output, threads=a.threads,
                                        lines_per_partition=a.lines_per_partition)
    progress(futures)
    rows = sum(client.gather(futures))
    seconds = time.time() - start
    print("\n%d lines classified into %s in %.1f s (%.0f lines/s)" % (rows, a.output, seconds, rows / seconds),
          file=sys.stderr)
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
