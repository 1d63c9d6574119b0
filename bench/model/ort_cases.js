// ONNX Runtime (npm onnxruntime-node, CPU, graph optimizations "all") on the benchmark's cases.
//   node ort_cases.js MODEL.onnx CASES.json THREADS ITERS [--outputs]
// Prints one JSON line per case: {"case", "ms": [per run]} after two warm-up runs, or with
// --outputs {"case", "probabilities", "pooled_output"} (rows) from one run, for the correctness check.
'use strict';
const path = require('path');
const fs = require('fs');
const ort = require(path.join(__dirname, 'ort', 'node_modules', 'onnxruntime-node'));

function tensor(rows) {
  const flat = BigInt64Array.from(rows.flat().map((v) => BigInt(v)));
  return new ort.Tensor('int64', flat, [rows.length, rows[0].length]);
}

function rows(t) {
  const width = t.dims[1];
  const out = [];
  for (let r = 0; r < t.dims[0]; r++) out.push(Array.from(t.data.slice(r * width, (r + 1) * width)));
  return out;
}

async function main() {
  const [onnx, casesPath, threadsArg, itersArg, mode] = process.argv.slice(2);
  const threads = parseInt(threadsArg, 10);
  const session = await ort.InferenceSession.create(onnx, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  for (const c of JSON.parse(fs.readFileSync(casesPath, 'utf8'))) {
    const b = JSON.parse(fs.readFileSync(c.file, 'utf8'));
    const feeds = {
      input_ids: tensor(b.input_ids),
      token_type_ids: tensor(b.token_type_ids),
      attention_mask: tensor(b.attention_mask),
    };
    if (mode === '--outputs') {
      const out = await session.run(feeds);
      console.log(JSON.stringify({ case: c.name, probabilities: rows(out.probabilities), pooled_output: rows(out.pooled_output) }));
      continue;
    }
    for (let i = 0; i < 2; i++) await session.run(feeds);
    const iters = Math.max(1, Math.round(parseInt(itersArg, 10) * (c.batch > 1 ? 0.4 : 1)));
    const ms = [];
    for (let i = 0; i < iters; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    console.log(JSON.stringify({ case: c.name, ms }));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
