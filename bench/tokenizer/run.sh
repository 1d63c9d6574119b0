#!/usr/bin/env bash
# Tokenizer throughput, bertc vs Hugging Face's Rust tokenizers (through Node), single thread.
#   bench/tokenizer/run.sh [BUILD_DIR] [RUNS]
# Needs: the tokenizer_bench target built in BUILD_DIR (default build), node, and
#   (cd tests/tokenizer/reference && npm install). Runs alternate (bertc, rust, bertc, ...) on
# each corpus and the script prints the median MB/s and tokens/s of each and the ratio of medians.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
runs=${2:-7}
bench=$build/bench/tokenizer/tokenizer_bench
vocab=$root/data/bert-vocab/bert-base-uncased-vocab.txt
[ -x "$bench" ] || { echo "missing $bench: ninja -C $build tokenizer_bench" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$root" "$work" <<'PY'
import json, sys
root, work = sys.argv[1], sys.argv[2]
qs = json.load(open(f"{root}/data/bert-tokenizer-tests/squad-v1.1-dev-questions/question_tokens.json"))
open(f"{work}/squad.txt", "w").write("".join(q["original"].replace("\n", " ") + "\n" for q in qs))
rows = open(f"{root}/data/sst2/train.tsv", encoding="utf-8").read().split("\n")[1:]
open(f"{work}/sst2.txt", "w").write("".join(r.split("\t")[0] + "\n" for r in rows if r))
PY
export TOKENIZERS_PARALLELISM=false RAYON_NUM_THREADS=1
for corpus in squad:5 sst2:1; do
  name=${corpus%%:*} passes=${corpus##*:}
  : > "$work/$name.bertc" ; : > "$work/$name.rust"
  for ((i = 0; i < runs; i++)); do
    taskset -c "${BENCH_CPU:-0}" "$bench" "$vocab" "$work/$name.txt" "$passes" >> "$work/$name.bertc"
    taskset -c "${BENCH_CPU:-0}" node "$root/bench/tokenizer/bench.js" "$vocab" "$work/$name.txt" "$passes" >> "$work/$name.rust"
  done
  python3 - "$name" "$work/$name.bertc" "$work/$name.rust" <<'PY'
import json, statistics, sys
name, files = sys.argv[1], sys.argv[2:]
med = {}
for label, f in zip(("bertc", "HF Rust (node)"), files):
    rs = [json.loads(l) for l in open(f)]
    mbs = statistics.median(r["bytes"] / r["seconds"] / 1e6 for r in rs)
    tps = statistics.median(r["tokens"] / r["seconds"] for r in rs)
    med[label] = mbs
    print(f"{name:6} {label:15} median {mbs:7.2f} MB/s {tps/1e6:6.2f} M tokens/s "
          f"({len(rs)} runs, {rs[0]['bytes']} bytes, {rs[0]['tokens']} tokens per run)")
print(f"{name:6} ratio bertc / HF Rust (median MB/s): {med['bertc'] / med['HF Rust (node)']:.2f}x")
PY
done
