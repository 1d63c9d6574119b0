#!/usr/bin/env bash
# The benchmark: bertc against ONNX Runtime on the same random weights (see docs/performance.md).
#   bench/model/run.sh [MODEL.yaml]         default examples/bert-base-uncased.yaml
#   ROUNDS=5 ITERS=10 THREADS="1 2" TORCH=1 PRECISIONS="int8 bf16" OUT=build-bench/<name> \
#     bench/model/run.sh ...
# Steps: build bertc; compile the model from a clean output directory (timed); make random weights
# (`bertc init-weights`); export the same weights to ONNX (Debian python3-torch); write the cases
# (batch 1 at 16/32/64/128 tokens, batch 8 at 128, a batch of 8 with mixed real lengths that ONNX
# Runtime gets padded); check that both engines give the same outputs; then, per thread count,
# ROUNDS rounds that alternate the engines (which goes first rotates every round), each timing every
# case ITERS times (batch-8 cases 0.4x as often) after a warm-up. Prints and writes medians, ratios,
# the bars, a latency-vs-length SVG, each bertc runner's peak RSS (GNU time) and the library size
# report into OUT. With TORCH=1 (default) PyTorch (Debian python3-torch) runs the same module too,
# on OpenBLAS extracted from Debian's libopenblas0-openmp package (apt-get download; nothing is
# installed): Debian's torch otherwise uses the reference BLAS, ~100x slower, which would make a
# meaningless peer. With PRECISIONS (default "int8 bf16"), bertc also runs the model compiled at
# each (`bertc compile --precision`; engines bertc-int8, bertc-bf16, their --bench "isa"
# recorded), and with int8 ONNX Runtime runs its dynamic int8 graph too (ort-int8:
# quantize_onnx.py, Debian's python3-onnx).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
model=$(realpath "${1:-$root/examples/bert-base-uncased.yaml}")
rounds=${ROUNDS:-5}
iters=${ITERS:-10}
threads=${THREADS:-1 2}
build=${BUILD_DIR:-$root/build}
py=/usr/bin/python3

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target bertc bertc_runner >&2
bertc=$build/compiler/bertc
name=$("$bertc" inspect --json "$model" | $py -c 'import json,sys; print(json.load(sys.stdin)["name"])')
out=${OUT:-$root/build-bench/$name}
mkdir -p "$out"
"$bertc" inspect --json "$model" > "$out/model.json"

echo "== bertc compile $model (clean output directory)" >&2
rm -rf "$out/model"
t0=$(date +%s.%N)
"$bertc" compile "$model" -o "$out/model" --emit=runner >&2
compile_s=$($py -c "import sys; print(round(float(sys.argv[1]) - float(sys.argv[2]), 1))" "$(date +%s.%N)" "$t0")
echo "compiled in ${compile_s} s" >&2
runner=$out/model/$name-run

weights=$out/weights.safetensors
if [ ! -f "$weights" ] || [ "$model" -nt "$weights" ]; then
  "$bertc" init-weights "$model" --seed 1 -o "$weights" >&2
fi
onnx=$out/model.onnx
if [ ! -f "$onnx" ] || [ "$weights" -nt "$onnx" ] || [ "$here/export_onnx.py" -nt "$onnx" ]; then
  echo "== exporting the same weights to ONNX (python3-torch)" >&2
  $py "$here/export_onnx.py" "$out/model.json" "$weights" "$onnx" 2> "$out/export.log" ||
    { cat "$out/export.log" >&2; exit 1; }
fi
if [ ! -d "$here/ort/node_modules/onnxruntime-node" ]; then
  echo "== installing onnxruntime-node (npm, CPU only, --ignore-scripts)" >&2
  (cd "$here/ort" && ONNXRUNTIME_NODE_INSTALL=skip npm install --ignore-scripts --no-audit --no-fund >&2)
fi

precisions=${PRECISIONS-int8 bf16}
engines="bertc ort"
for p in $precisions; do
  echo "== bertc compile at precision $p" >&2
  rm -rf "$out/model-$p"
  "$bertc" compile "$model" -o "$out/model-$p" --emit=runner --precision "$p" >&2
  engines="$engines bertc-$p"
done
if [[ " $precisions " == *" int8 "* ]]; then
  if ! $py -c 'import onnx' 2>/dev/null; then
    echo "error: the ONNX Runtime int8 peer needs Debian's python3-onnx (apt-get install python3-onnx)" >&2
    exit 1
  fi
  onnx_int8=$out/model-int8.onnx
  [ "$onnx" -nt "$onnx_int8" ] && $py "$here/quantize_onnx.py" "$onnx" "$onnx_int8" >&2
  engines="$engines ort-int8"
fi
if [ "${TORCH:-1}" = 1 ]; then
  blas=$root/build-bench/openblas/usr/lib/x86_64-linux-gnu/openblas-openmp
  if [ ! -f "$blas/libblas.so.3" ]; then
    echo "== fetching OpenBLAS for the PyTorch peer (apt-get download libopenblas0-openmp)" >&2
    rm -rf "$root/build-bench/openblas" && mkdir -p "$root/build-bench/openblas"
    (cd "$root/build-bench/openblas" && apt-get download libopenblas0-openmp >&2 &&
      dpkg -x libopenblas0-openmp_*.deb .) || echo "warning: no OpenBLAS; PyTorch skipped" >&2
  fi
  [ -f "$blas/libblas.so.3" ] && engines="bertc ort torch"
fi

$py "$here/cases.py" "$out/model.json" "$out"
cases=$(
  $py -c 'import json,sys; [print(c["name"], c["file"], c["batch"]) for c in json.load(open(sys.argv[1]))]' \
    "$out/cases.json"
)

echo "== correctness: bertc and ONNX Runtime on every case" >&2
while read -r case file _; do
  "$runner" --weights "$weights" "$file" > "$out/bertc-$case.json"
done <<< "$cases"
node "$here/ort_cases.js" "$onnx" "$out/cases.json" 1 1 --outputs > "$out/ort-outputs.jsonl"
$py "$here/check.py" "$out" | tee "$out/check.txt"

bertc_runner_round() { # engine runner threads round
  while read -r case file batch; do
    local n=$iters
    [ "$batch" -gt 1 ] && n=$(( (iters * 2 + 4) / 5 ))
    "$2" --weights "$weights" --threads "$3" --bench "$n" "$file" |
      $py -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"engine":sys.argv[1],"threads":int(sys.argv[2]),"round":int(sys.argv[3]),"case":sys.argv[4],"median_ms":r["median_ms"],"isa":r.get("isa")}))' \
        "$1" "$3" "$4" "$case"
  done <<< "$cases"
}
bertc_round() { bertc_runner_round bertc "$runner" "$@"; }
bertc-int8_round() { bertc_runner_round bertc-int8 "$out/model-int8/$name-run" "$@"; }
bertc-bf16_round() { bertc_runner_round bertc-bf16 "$out/model-bf16/$name-run" "$@"; }
ort_graph_round() { # engine graph threads round
  node "$here/ort_cases.js" "$2" "$out/cases.json" "$3" "$iters" |
    $py -c '
import json, statistics, sys
for line in sys.stdin:
    r = json.loads(line)
    print(json.dumps({"engine": sys.argv[1], "threads": int(sys.argv[2]), "round": int(sys.argv[3]),
                      "case": r["case"], "median_ms": statistics.median(r["ms"])}))' "$1" "$3" "$4"
}
ort_round() { ort_graph_round ort "$onnx" "$@"; }
ort-int8_round() { ort_graph_round ort-int8 "$onnx_int8" "$@"; }
torch_round() { # threads round
  LD_LIBRARY_PATH=$blas OMP_NUM_THREADS=$1 \
    $py "$here/torch_cases.py" "$out/model.json" "$weights" "$out/cases.json" "$1" "$iters" |
    $py -c '
import json, statistics, sys
for line in sys.stdin:
    r = json.loads(line)
    print(json.dumps({"engine": "torch", "threads": int(sys.argv[1]), "round": int(sys.argv[2]),
                      "case": r["case"], "median_ms": statistics.median(r["ms"])}))' "$1" "$2"
}

: > "$out/timings.jsonl"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for t in $threads; do
  for ((r = 1; r <= rounds; r++)); do
    echo "== $t thread(s), round $r/$rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    # Rotate which engine goes first, so slow phases of the machine hit each in turn.
    read -r -a order <<< "$engines"
    n=${#order[@]}
    for ((i = 0; i < n; i++)); do
      "${order[$(((i + r) % n))]}_round" "$t" "$r" >> "$out/timings.jsonl"
    done
  done
done

# Peak RSS of each bertc runner for one run of the longest batch-1 case (GNU time's %M, kB):
# loading, packing or quantizing the weights and one inference.
: > "$out/memory.jsonl"
if [ -x /usr/bin/time ]; then
  read -r longest longest_file _ <<< "$(awk '$3 == 1' <<< "$cases" | tail -1)"
  for e in bertc $(for p in $precisions; do echo "bertc-$p"; done); do
    r=$runner
    [ "$e" != bertc ] && r=$out/model-${e#bertc-}/$name-run
    kb=$(/usr/bin/time -f %M "$r" --weights "$weights" --bench 1 "$longest_file" 2>&1 >/dev/null | tail -1)
    echo "{\"engine\": \"$e\", \"case\": \"$longest\", \"peak_rss_kb\": $kb}" >> "$out/memory.jsonl"
  done
else
  echo "warning: no /usr/bin/time (Debian's time package): peak RSS not measured" >&2
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
$py - "$out/run.json" <<PY
import json, sys
json.dump({"rounds": $rounds, "iters": $iters, "threads": "$threads".split(),
           "compile_seconds": round($compile_s, 1),
           "machine": "$cpu, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after",
           "engines": "$engines".split(),
           "command": "bench/model/run.sh ${1:-}"}, open(sys.argv[1], "w"), indent=1)
PY
$py "$here/summarize.py" "$out"
echo "bertc compile: ${compile_s} s (clean output directory)"
"$here/library-report.sh" "$out/model" "$name" "$weights" "$out/b1-s32.json" | tee "$out/library.md"
echo "results, plot and raw timings: $out" >&2
