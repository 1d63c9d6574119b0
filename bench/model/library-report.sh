#!/usr/bin/env bash
# What a compiled model costs a user: library size split into kernels and runtime, and what the
# linked program depends on at run time.
#   bench/model/library-report.sh OUT_DIR NAME [WEIGHTS INPUT.json]
# OUT_DIR comes from `bertc compile ... --emit=runner`. With WEIGHTS and INPUT, the runner is also
# run with a dlopen that aborts (LD_PRELOAD) to show that inference never loads a library.
# Prints a Markdown section. Sizes are the code and data the linker pulls in (`size` of each
# archive member: text + data + bss), so they do not depend on symbol tables or debug sections.
set -euo pipefail
dir=$1
name=$2
lib=$dir/lib$name.a
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && ar x "$(realpath "$lib")")

# Members: <name>_<kernel>_<isa>.a.o are kernels; halide_runtime.a.o is the one
# Halide runtime; <name>_model.o the generated description; the rest is the bertc runtime.
sum() { [ $# -eq 0 ] && { echo 0; return; }; size -t "$@" | awk 'END {print $4}'; }
shopt -s nullglob
kernels=("$work/${name}_"*.a.o)
hruntime=("$work"/halide_runtime*.o)
desc=("$work/${name}_model.o")
all=("$work"/*.o)
k=$(sum "${kernels[@]}")
h=$(sum "${hruntime[@]}")
d=$(sum "${desc[@]}")
a=$(sum "${all[@]}")
r=$((a - k - h - d))
kib() { awk -v b="$1" 'BEGIN {printf "%.0f KiB", b / 1024}'; }
isas=$(ls "$work" | sed -n 's/.*_\(avx512_vnni\|avx512_bf16\|avx512\|avx2\|sse41\|sse2\)\.a\.o$/\1/p' | sort -u)
targets=$(echo "$isas" | grep -c .)

echo "### lib$name.a"
echo
echo "| part | code + data |"
echo "| --- | ---: |"
echo "| kernels ($((${#kernels[@]} / (targets > 0 ? targets : 1))) kernels x $targets instruction sets: $(echo $isas)) | $(kib "$k") |"
echo "| Halide runtime (one copy) | $(kib "$h") |"
echo "| model description | $(kib "$d") |"
echo "| bertc runtime (loader, executor, safetensors) | $(kib "$r") |"
echo "| total | $(kib "$a") (archive file $(kib "$(stat -c %s "$lib")")) |"
echo
runner=$dir/$name-run
if [ -x "$runner" ]; then
  strip -o "$work/stripped" "$runner"
  echo "Linked program (\`$name-run\`, stripped): $(kib "$(stat -c %s "$work/stripped")")."
  echo "Shared libraries it needs (readelf -d NEEDED): $(readelf -d "$runner" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | paste -sd' ')."
  echo "Newest versioned symbols it needs: $(objdump -T "$runner" | grep -oE '(GLIBC|GLIBCXX|CXXABI)_[0-9.]+' | sort -t_ -k1,1 -k2,2V | awk -F_ '{v[$1]=$0} END {for (k in v) printf "%s ", v[k]}')"
  dl=$(nm -D "$runner" | awk '$1 == "U" && $2 ~ /^dl(open|sym)/ {print $2}' | paste -sd' ')
  if [ -n "$dl" ]; then
    users=$(nm -A "$work"/*.o 2>/dev/null | awk '$2 == "U" && $3 == "dlopen" {print $1}' | sed 's|.*/||; s/:.*//' | paste -sd' ')
    echo "It references ${dl} (from ${users}: Halide's runtime loads GPU driver libraries on demand)."
    if [ $# -ge 4 ]; then
      printf '#include <stdlib.h>\nvoid* dlopen(const char* f, int m) { (void)f; (void)m; abort(); }\n' > "$work/nodl.c"
      cc -shared -fPIC -o "$work/nodl.so" "$work/nodl.c"
      if LD_PRELOAD=$work/nodl.so "$runner" --weights "$3" "$4" > /dev/null; then
        echo "A run with a dlopen that aborts (LD_PRELOAD) succeeds: loading weights and inference never call it."
      else
        echo "WARNING: a run with a dlopen that aborts failed: something calls dlopen."
      fi
    fi
  else
    echo "It references no dlopen."
  fi
fi
