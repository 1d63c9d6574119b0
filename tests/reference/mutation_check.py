#!/usr/bin/env python3
"""Shows that the parity tests catch real bugs.

    tests/reference/mutation_check.py [--keep]

For each deliberate bug below it copies the committed tree (git worktree) to a scratch folder,
applies the bug to the source, rebuilds bertc there and runs the tiny and odd parity tests
(tests/lit/parity/). Every bug must make at least one of them fail; the script prints a table and
exits 1 if some bug went unnoticed. It takes a while (one full build, then one incremental
rebuild and ~1 minute of tests per bug); it is not part of the CI suite.
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIT = "/usr/lib/llvm-19/build/utils/lit/lit.py"

# (name, file, [(original text, buggy text), ...])
BUGS = [
    ("Q and K swapped", "compiler/passes/Decompose.cpp",
     [('Value q = dense(x, p + ".attention.self.query", h);',
       'Value q = dense(x, p + ".attention.self.key", h);'),
      ('Value k = dense(x, p + ".attention.self.key", h);',
       'Value k = dense(x, p + ".attention.self.query", h);')]),
    ("wrong attention scale (1/sqrt(hidden))", "compiler/passes/Decompose.cpp",
     [("double scale = 1.0 / std::sqrt(double(h / op.getNumHeads()));",
       "double scale = 1.0 / std::sqrt(double(h));")]),
    ("tanh GELU for erf GELU", "compiler/codegen/KernelPipelines.cpp",
     [("return 0.5f * v * (1.0f + erf(v * float(M_SQRT1_2)));",
       "return 0.5f * v * (1.0f + tanh(float(std::sqrt(2.0 / M_PI)) * (v + 0.044715f * v * v * v)));")]),
    ("attention mask ignored (keys of the padded length)", "runtime/model/src/Model.cpp",
     [("int32_t seqLen = offsets[b + 1] - first;", "int32_t seqLen = ctx->seqLen;")]),
    ("LayerNorm before the residual add", "compiler/codegen/KernelPipelines.cpp",
     [("z(c, t) = residual ? a(c, t) + res(c, t) : a(c, t);\n  Func out = normalizedRows(",
       "z(c, t) = a(c, t);\n  Func normed = normalizedRows("),
      ("sp.rowTile, target);\n\n  constrainRowsOutput(out, C);\n  std::vector<Argument> args = {a, gamma, beta};",
       "sp.rowTile, target);\n  normed.compute_root();\n  Func out(\"out_res\");\n"
       "  out(c, t) = normed(c, t) + (residual ? res(c, t) : Expr(0.0f));\n\n"
       "  constrainRowsOutput(out, C);\n  std::vector<Argument> args = {a, gamma, beta};")]),
    ("the wrong token pooled (last instead of [CLS])", "compiler/codegen/KernelPipelines.cpp",
     [("in(kv, t) = x(kv, clamp(offsets(t), 0, x.dim(1).max()));",
       "in(kv, t) = x(kv, clamp(offsets(t + 1) - 1, 0, x.dim(1).max()));")]),
    ("token-type embeddings dropped", "compiler/codegen/KernelPipelines.cpp",
     [("z(c, t) = (word(c, wi) + type(c, ti)) + pos(c, pi);", "z(c, t) = word(c, wi) + pos(c, pi);")]),
]


def sh(cmd, cwd, quiet=True):
    return subprocess.run(cmd, cwd=cwd, shell=True, text=True,
                          stdout=subprocess.PIPE if quiet else None, stderr=subprocess.STDOUT)


def main():
    scratch = tempfile.mkdtemp(prefix="bertc-mutation-")
    tree = os.path.join(scratch, "tree")
    build = os.path.join(tree, "build")
    sh(f"git worktree add --detach {tree} HEAD", ROOT)
    try:
        print("building a scratch copy (once)...", flush=True)
        r = sh("cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && "
               "cmake --build build --target bertc bert-opt", tree)
        if r.returncode:
            sys.exit("mutation_check: the unmodified tree does not build:\n" + r.stdout[-3000:])
        tests = "python3 %s %s/tests/lit --filter 'parity/(tiny|odd)'" % (LIT, build)
        r = sh(tests, tree)
        if r.returncode:
            sys.exit("mutation_check: parity fails without any bug:\n" + r.stdout[-3000:])
        rows, missed = [], 0
        for name, path, edits in BUGS:
            file = os.path.join(tree, path)
            original = open(file).read()
            text = original
            for old, new in edits:
                if old not in text:
                    sys.exit(f"mutation_check: '{name}': text not found in {path}: {old!r}")
                text = text.replace(old, new)
            open(file, "w").write(text)
            r = sh("cmake --build build --target bertc", tree)
            if r.returncode:
                verdict = "does not build"
            else:
                r = sh(tests, tree)
                failed = [l.split("::")[1].strip() for l in r.stdout.splitlines()
                          if l.startswith("FAIL:")]
                verdict = "caught by " + ", ".join(failed) if failed else "NOT CAUGHT"
                missed += 0 if failed else 1
            rows.append((name, verdict))
            print(f"{name}: {verdict}", flush=True)
            open(file, "w").write(original)
        sh("cmake --build build --target bertc", tree)
        print("\n| deliberate bug | parity suite |\n| --- | --- |")
        for name, verdict in rows:
            print(f"| {name} | {verdict} |")
        sys.exit(1 if missed else 0)
    finally:
        if "--keep" not in sys.argv:
            sh(f"git worktree remove --force {tree}", ROOT)
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
