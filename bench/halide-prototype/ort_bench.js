// ONNX Runtime (npm onnxruntime-node, CPU) time for the whole bert-base export.
//   [ORT_SPIN=0] node ort_bench.js DATA_DIR ITERS [THREADS]
// Prints one JSON line: {"engine":"ort","spin":bool,"model_ms":[...per run...],"max_abs_diff_vs_torch":x}
'use strict';
const path = require('path');
const fs = require('fs');
const ort = require(path.join(__dirname, 'ort', 'node_modules', 'onnxruntime-node'));

async function main() {
  const [dir, itersArg, threadsArg] = process.argv.slice(2);
  const iters = parseInt(itersArg || '10', 10);
  const threads = parseInt(threadsArg || '2', 10);
  const session = await ort.InferenceSession.create(path.join(dir, 'bert-base.onnx'), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // ORT_SPIN=0 turns off the intra-op pool's spin-waiting (helps when other work shares the cores).
    extra: { session: { intra_op: { allow_spinning: process.env.ORT_SPIN === '0' ? '0' : '1' } } },
  });
  const raw = fs.readFileSync(path.join(dir, 'input_ids.bin'));
  const ids = new BigInt64Array(raw.buffer, raw.byteOffset, raw.length / 8);
  const seq = ids.length;
  const feeds = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids), [1, seq]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(seq).fill(1n), [1, seq]),
  };
  let out;
  for (let i = 0; i < 3; i++) out = await session.run(feeds);
  const refRaw = fs.readFileSync(path.join(dir, 'y_model_torch.bin'));
  const ref = new Float32Array(refRaw.buffer, refRaw.byteOffset, refRaw.length / 4);
  const got = out.last_hidden_state.data;
  let diff = 0;
  for (let i = 0; i < ref.length; i++) diff = Math.max(diff, Math.abs(ref[i] - got[i]));
  const ms = [];
  for (let i = 0; i < iters; i++) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(JSON.stringify({ engine: 'ort', spin: process.env.ORT_SPIN !== '0', model_ms: ms, max_abs_diff_vs_torch: diff }));
}

main().catch((e) => { console.error(e); process.exit(1); });
