// Tests that the activations built from exp (tanh, the tanh form of gelu, sigmoid) match libm's
// long-double functions within 2 ulp (sigmoid 3: Halide's exp is not correctly rounded) on every
// instruction set this CPU runs, over a dense grid and the values where vector code goes wrong:
// tiny values (cancellation), |x| near the switch between tanh's two forms, arguments past exp's
// range, infinities and NaN.
#include "ReferenceSupport.h"

#include <cmath>
#include <limits>

namespace bertc::test {
namespace {

constexpr int kCols = 64, kRowGranule = 16; // row tiles may run past the last row

KernelSpec activationSpec(KernelOp op, Activation epilogue = Activation::None) {
  KernelSpec s;
  s.name = "activation_test";
  s.key = "activation_test";
  s.op = op;
  s.epilogue = epilogue;
  s.operands = {{-1, kCols}};
  s.operandIsWeight = {false};
  s.results = {{-1, kCols}};
  return s;
}

std::vector<float> testInputs() {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> v = {0.0f,   -0.0f,       1e-30f, -1e-8f, 1e-4f,  0.6249999f,
                          0.625f, -0.6250001f, 9.0f,   -44.0f, 88.8f,  -100.0f,
                          1e30f,  -1e30f,      inf,    -inf,   1e-45f, -3e9f};
  for (int i = 0; i <= 4800; ++i) // -12 .. 12 in steps of 0.005
    v.push_back(-12.0f + 0.005f * float(i));
  while (v.size() % kCols)
    v.push_back(0.5f);
  return v;
}

// |got - want| in units of the last place of max(|want|, floor), the gap to the next float up.
double ulpsApart(float got, long double want, long double floor) {
  const float scale = float(std::max(std::abs(want), floor));
  if (std::isinf(scale))
    return got == float(want) ? 0.0 : std::numeric_limits<double>::infinity();
  const double ulp =
      double(std::nextafter(scale, std::numeric_limits<float>::infinity())) - double(scale);
  return double(std::abs((long double)got - want) / ulp);
}

// Runs the kernel on every target this CPU runs and checks each output within `maxUlps` of
// `want`, NaN for NaN; returns how many targets ran. Errors count in ulps of the result or, when
// larger, of `inputShare` x |x| (gelu of a negative x: 1 + tanh cancels in f32, as in PyTorch);
// errors below FLT_MIN do not count (denormal results may flush to zero).
template <class Want>
int checkAgainstLibm(const KernelSpec& spec, Want want, double maxUlps, double inputShare = 0) {
  const std::vector<float> values = testInputs();
  const int rows = int(values.size()) / kCols;
  const int padded = (rows + kRowGranule - 1) / kRowGranule * kRowGranule;
  Halide::Buffer<float> x(kCols, padded);
  x.fill(0.0f);
  for (int i = 0; i < int(values.size()); ++i)
    x(i % kCols, i / kCols) = values[size_t(i)];
  return forEachTargetThisCpuRuns(spec, [&](KernelPipeline& p, const Halide::Target& target) {
    p.buffers[0].set(x);
    Halide::Buffer<float> out = p.pipeline.realize({kCols, padded}, target);
    double worst = 0;
    float worstAt = 0;
    for (int i = 0; i < int(values.size()); ++i) {
      const float v = values[size_t(i)], got = out(i % kCols, i / kCols);
      const long double wanted = want((long double)v);
      const double apart = std::abs(got - wanted) <= std::numeric_limits<float>::min()
                               ? 0.0
                               : ulpsApart(got, wanted, inputShare * std::abs((long double)v));
      if (apart > worst) {
        worst = apart;
        worstAt = v;
      }
    }
    EXPECT_LE(worst, maxUlps) << "worst at x = " << worstAt;
    Halide::Buffer<float> nan(kCols, kRowGranule);
    nan.fill(std::numeric_limits<float>::quiet_NaN());
    p.buffers[0].set(nan);
    Halide::Buffer<float> nanOut = p.pipeline.realize({kCols, kRowGranule}, target);
    EXPECT_TRUE(std::isnan(nanOut(0, 0))) << "NaN in gave " << nanOut(0, 0);
  });
}

TEST(Activation, TanhIsWithinTwoUlpOfLibmAndKeepsNaN) {
  EXPECT_GE(checkAgainstLibm(
                activationSpec(KernelOp::Tanh), [](long double v) { return std::tanh(v); }, 2),
            1);
}

TEST(Activation, SigmoidIsWithinThreeUlpOfLibmPastExpsRangeAndKeepsNaN) {
  EXPECT_GE(checkAgainstLibm(
                activationSpec(KernelOp::Sigmoid),
                [](long double v) { return 1.0L / (1.0L + std::exp(-v)); }, 3),
            1);
}

TEST(Activation, TanhFormOfGeluIsWithinTwoUlpOfLibmAndKeepsNaN) {
  auto want = [](long double v) {
    const long double c = std::sqrt(2.0L / 3.14159265358979323846L);
    return 0.5L * v * (1.0L + std::tanh(c * (v + 0.044715L * v * v * v)));
  };
  EXPECT_GE(checkAgainstLibm(activationSpec(KernelOp::Gelu, Activation::GeluTanh), want, 2, 1.0),
            1);
}

} // namespace
} // namespace bertc::test
