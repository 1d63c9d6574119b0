// Tests that the bf16 packed-attention kernel computes what tests/reference/quantized_dense.py's
// numpy bf16_attention gives (Q, K, V and the softmax numerators rounded to bf16, f32 sums) for
// one sequence of 37 rows, on every instruction set this CPU runs, with head widths that fill
// AVX-512 vectors (32) and that do not (20), and rows past the sequence holding large values the
// kernel must never mix in.
#include "ReferenceSupport.h"

#include <cmath>

namespace bertc::test {
namespace {

constexpr int kPaddedRows = 48; // the runtime's 16-row granule
constexpr float kSlackValue = 1e4f;

KernelSpec attentionSpec(int heads, int headDim, KernelPrecision precision) {
  KernelSpec s;
  s.name = "attention_test";
  s.key = "attention_test";
  s.op = KernelOp::PackedAttention;
  s.precision = precision;
  s.attributes = {{"num_heads", heads}, {"scale", 1.0 / std::sqrt(double(headDim))}};
  s.operands = {{-1, 3 * heads * headDim}, {-1}};
  s.operandIsWeight = {false, false};
  s.results = {{-1, heads * headDim}};
  return s;
}

// The largest difference from numpy's bf16 attention relative to its row's largest output, over
// every target this CPU runs; `ran` counts them.
double worstAgainstReference(int heads, int headDim, KernelPrecision precision, int& ran) {
  const std::string name = "h" + std::to_string(heads) + "_d" + std::to_string(headDim);
  const int width = heads * headDim;
  std::vector<weights::ExpectedTensor> expected;
  for (const auto& [h, d] : {std::pair{2, 32}, std::pair{3, 20}}) {
    const std::string n = "h" + std::to_string(h) + "_d" + std::to_string(d);
    expected.push_back({n + "_qkv", {kRows, 3 * h * d}});
    expected.push_back({n + "_bf16", {kRows, h * d}});
  }
  const weights::WeightSet set =
      weights::WeightSet::load(referenceFile("attention.safetensors"), expected);
  const weights::Tensor &qkvRows = set.get(name + "_qkv"), &want = set.get(name + "_bf16");
  // (d, q|k|v head, row) as the runtime passes it, with the arena's slack rows after the
  // sequence (key tiles read into them).
  const KernelSpec spec = attentionSpec(heads, headDim, precision);
  const int slackRows = kPaddedRows + int(rowSlack(spec));
  Halide::Buffer<float> qkv(headDim, 3 * heads, slackRows);
  qkv.fill(kSlackValue);
  for (int t = 0; t < kRows; ++t)
    for (int c = 0; c < 3 * width; ++c)
      qkv(c % headDim, c / headDim, t) = qkvRows.data[t * 3 * width + c];
  double worst = 0;
  ran = forEachTargetThisCpuRuns(spec, [&](KernelPipeline& p, const Halide::Target& target) {
    p.buffers[0].set(qkv);
    p.scalars[0].set(kRows);
    Halide::Buffer<float> out = p.pipeline.realize({headDim, heads, kPaddedRows}, target);
    worst = std::max(worst, worstRowRelativeError(
                                kRows, width,
                                [&](int t, int c) { return out(c % headDim, c / headDim, t); },
                                [&](int t, int c) { return want.data[t * width + c]; }));
  });
  return worst;
}

TEST(Bf16Attention, MatchesTheNumpyReferenceOnEveryInstructionSetThisCpuRuns) {
  for (const auto& [heads, headDim] : {std::pair{2, 32}, std::pair{3, 20}}) {
    SCOPED_TRACE("heads " + std::to_string(heads) + " x " + std::to_string(headDim));
    int ran = 0;
    EXPECT_LT(worstAgainstReference(heads, headDim, KernelPrecision::BF16, ran), 1e-4);
    EXPECT_GE(ran, 1);
  }
}

// The reference tells the precisions apart: the f32 kernel (nothing rounded) misses it by far
// more than the tolerance above.
TEST(Bf16Attention, TheReferenceDistinguishesBf16FromF32) {
  int ran = 0;
  EXPECT_GT(worstAgainstReference(2, 32, KernelPrecision::F32, ran), 3e-3);
}

} // namespace
} // namespace bertc::test
