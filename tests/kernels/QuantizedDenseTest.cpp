// Tests that the int8 and bf16 dense kernels compute what tests/reference/quantized_dense.py's
// numpy arithmetic gives (s8 weights per output row, per-row input scales, i32 accumulation;
// bf16 rounding to nearest even), on every instruction set this CPU runs, with the weights in
// the layouts the runtime makes at load (WeightSet::quantizeS8Panels, packBf16Panels). Shapes
// are ragged on purpose (K not a multiple of 4, N not of 16, 37 rows), with an all-zero input
// row and weight row, and rows of very different ranges.
#include "ReferenceSupport.h"

#include <cmath>
#include <limits>

namespace bertc::test {
namespace {

constexpr int kPaddedRows = 48, kK = 70, kN = 72;

KernelSpec denseSpec(KernelPrecision precision) {
  KernelSpec s;
  s.name = "dense_test";
  s.key = "dense_test";
  s.op = KernelOp::Dense;
  s.precision = precision;
  s.operands = {{-1, kK}, {kN, kK}, {kN}};
  s.operandIsWeight = {false, true, true};
  s.results = {{-1, kN}};
  return s;
}

// The reference's inputs and outputs, read as the runtime reads weights.
weights::WeightSet loadReference() {
  return weights::WeightSet::load(referenceFile("dense.safetensors"), {{"x", {kRows, kK}},
                                                                       {"w", {kN, kK}},
                                                                       {"b", {kN}},
                                                                       {"int8", {kRows, kN}},
                                                                       {"bf16", {kRows, kN}}});
}

// Runs the kernel on every target the CPU has; returns how many ran.
int checkAgainstReference(KernelPrecision precision, const char* expectedName, double relTol) {
  weights::WeightSet set = loadReference();
  const KernelSpec spec = denseSpec(precision);
  Halide::Buffer<float> x(kK, kPaddedRows); // rows past 37 are arena slack: zeros
  x.fill(0.0f);
  const weights::Tensor& xs = set.get("x");
  for (int t = 0; t < kRows; ++t)
    for (int k = 0; k < kK; ++k)
      x(k, t) = xs.data[t * kK + k];
  std::vector<Halide::Buffer<>> inputs = {x};
  if (precision == KernelPrecision::Int8) {
    set.quantizeS8Panels("q", "s", {"w"}, 16);
    inputs.push_back(view(set.get("q"), Halide::Int(8)));
    inputs.push_back(view(set.get("s"), Halide::Float(32)));
  } else {
    inputs.push_back(view(set.packBf16Panels("h", {"w"}, 16), Halide::BFloat(16)));
  }
  inputs.push_back(view(set.get("b"), Halide::Float(32)));
  const weights::Tensor& expected = set.get(expectedName);
  return forEachTargetThisCpuRuns(spec, [&](KernelPipeline& p, const Halide::Target& target) {
    for (size_t i = 0; i < inputs.size(); ++i)
      p.buffers[i].set(inputs[i]);
    Halide::Buffer<float> out = p.pipeline.realize({kN, kPaddedRows}, target);
    EXPECT_LT(worstRowRelativeError(
                  kRows, kN, [&](int t, int n) { return out(n, t); },
                  [&](int t, int n) { return expected.data[t * kN + n]; }),
              relTol);
  });
}

TEST(QuantizedDense, Int8MatchesTheNumpyReferenceOnEveryInstructionSetThisCpuRuns) {
  EXPECT_GE(checkAgainstReference(KernelPrecision::Int8, "int8", 1e-5), 1);
}

TEST(QuantizedDense, Bf16MatchesTheNumpyReferenceOnEveryInstructionSetThisCpuRuns) {
  EXPECT_GE(checkAgainstReference(KernelPrecision::BF16, "bf16", 1e-5), 1);
}

// The reference is sharp enough to catch a wrong zero point, scale or rounding: perturbing the
// kernel's arithmetic the way such bugs would moves it far past the tolerance above.
TEST(QuantizedDense, TheReferenceDistinguishesInt8FromF32) {
  const weights::WeightSet set = loadReference();
  const weights::Tensor &x = set.get("x"), &w = set.get("w"), &b = set.get("b"),
                        &q = set.get("int8");
  double worst = 0;
  for (int t = 0; t < kRows; ++t)
    for (int n = 0; n < kN; ++n) {
      double exact = b.data[n];
      for (int k = 0; k < kK; ++k)
        exact += double(x.data[t * kK + k]) * w.data[n * kK + k];
      worst = std::max(worst, std::abs(exact - q.data[t * kN + n]) /
                                  (std::abs(double(q.data[t * kN + n])) + 1e-3));
    }
  EXPECT_GT(worst, 1e-3); // quantization error is visible at this tolerance
}

// A NaN must survive quantization as it survives f32 arithmetic: an input row holding one gives
// NaN in every output of that row (a float max drops it under Halide's no-NaN code generation,
// and the row came out finite), and a weight row with a NaN scale (a non-finite weight, loaded
// with non-finite weights allowed) gives NaN in its output column. Other outputs stay finite.
TEST(QuantizedDense, Int8KeepsNaNInputRowsAndNaNWeightRowsNaN) {
  weights::WeightSet set = loadReference();
  set.quantizeS8Panels("q", "s", {"w"}, 16);
  Halide::Buffer<float> x(kK, kPaddedRows);
  x.fill(0.25f);
  x(kK - 1, 5) = std::numeric_limits<float>::quiet_NaN(); // the last column: a partial group
  Halide::Buffer<float> scales(2, kN);
  const weights::Tensor& s = set.get("s");
  for (int n = 0; n < kN; ++n) {
    scales(0, n) = s.data[2 * n];
    scales(1, n) = s.data[2 * n + 1];
  }
  scales(0, 9) = std::numeric_limits<float>::quiet_NaN();
  scales(1, 9) = 0.0f;
  const int ran = forEachTargetThisCpuRuns(
      denseSpec(KernelPrecision::Int8), [&](KernelPipeline& p, const Halide::Target& target) {
        p.buffers[0].set(x);
        p.buffers[1].set(view(set.get("q"), Halide::Int(8)));
        p.buffers[2].set(scales);
        p.buffers[3].set(view(set.get("b"), Halide::Float(32)));
        Halide::Buffer<float> out = p.pipeline.realize({kN, kPaddedRows}, target);
        for (int t = 0; t < kRows; ++t)
          for (int n = 0; n < kN; ++n)
            ASSERT_EQ(std::isnan(out(n, t)), t == 5 || n == 9) << "row " << t << " column " << n;
      });
  EXPECT_GE(ran, 1);
}

} // namespace
} // namespace bertc::test
