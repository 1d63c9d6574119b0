// Kernels of bert-tiny's shapes for the tuner's tests, built by hand (no bertc run).
#pragma once

#include "codegen/kernels/KernelKind.h"
#include "tune/Tuner.h"

#include <string>

namespace bertc::tune::testing {

inline std::string testTarget() {
  // The library's AVX-512 target where the CPU has it; baseline SSE4.1 elsewhere.
  return __builtin_cpu_supports("avx512f") ? "x86-64-linux-avx512_skylake" : "x86-64-linux-sse41";
}

inline TuneKernel makeKernel(KernelSpec spec, int64_t rows = 128) {
  TuneKernel k;
  k.spec = spec;
  k.algorithm = kernelAlgorithmHash(spec);
  k.rows = rows;
  k.space = searchSpace(spec, testTarget());
  return k;
}

inline KernelSpec denseSpec(int64_t k, int64_t n, const std::string& epilogue = "none") {
  KernelSpec s;
  s.name = "dense_" + std::to_string(k) + "x" + std::to_string(n);
  s.key = "bert.dense(" + std::to_string(k) + "x" + std::to_string(n) + "){" + epilogue + "}";
  s.op = KernelOp::Dense;
  parseActivation(epilogue, s.epilogue);
  s.operands = {{-1, k}, {n, k}, {n}};
  s.operandIsWeight = {false, true, true};
  s.results = {{-1, n}};
  s.calls = 2;
  return s;
}

inline KernelSpec attentionSpec(int64_t hidden, int heads) {
  KernelSpec s;
  s.name = "packed_attention_" + std::to_string(hidden) + "_h" + std::to_string(heads);
  s.key = "bert.packed_attention(" + s.name + ")";
  s.op = KernelOp::PackedAttention;
  s.attributes = {{"num_heads", double(heads)}, {"scale", 0.125}};
  s.operands = {{-1, 3 * hidden}, {-1}};
  s.operandIsWeight = {false, false};
  s.results = {{-1, hidden}};
  s.calls = 12;
  return s;
}

inline KernelSpec layerNormSpec(int64_t c) {
  KernelSpec s;
  s.name = "layer_norm_" + std::to_string(c) + "_residual";
  s.key = "bert.layer_norm(" + std::to_string(c) + ")";
  s.op = KernelOp::LayerNorm;
  s.variant = KernelVariant::Residual;
  s.attributes = {{"eps", 1e-12}};
  s.operands = {{-1, c}, {c}, {c}, {-1, c}};
  s.operandIsWeight = {false, true, true, false};
  s.results = {{-1, c}};
  s.calls = 4;
  return s;
}

} // namespace bertc::tune::testing
