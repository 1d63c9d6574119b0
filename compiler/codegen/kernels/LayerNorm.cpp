// layer_norm: out(c, t) = (z - mean) / sqrt(var + eps) * gamma(c) + beta(c), z = a, or a + residual
// in the variant with a residual operand (a, gamma, beta, residual).
#include "codegen/kernels/HalideParts.h"

namespace bertc::kernels {
namespace {

using namespace Halide;

bool addsResidual(const KernelSpec& k) {
  return k.variant == KernelVariant::Residual;
}

class LayerNormKind final : public KernelKind {
public:
  KernelOp op() const override { return KernelOp::LayerNorm; }

  KernelPipeline build(const KernelSpec& k, const ScheduleParams* sp,
                       const Target& target) const override {
    const int64_t C = k.operands[0].back();
    const float eps = float(numberAttribute(k, "eps"));
    ImageParam a = rowsParam("a", C), res = rowsParam("residual", C);
    ImageParam gamma = vectorParam(Float(32), "gamma", C), beta = vectorParam(Float(32), "beta", C);
    Var c("c"), t("t");

    Func z("z");
    z(c, t) = addsResidual(k) ? a(c, t) + res(c, t) : a(c, t);
    Func out = normalizedRows(z, C, eps, gamma, beta, sp, target); // algorithm and schedule

    constrainRowsOutput(out, C);
    std::vector<ImageParam> args = {a, gamma, beta};
    if (addsResidual(k))
      args.push_back(res);
    return finish(out, args);
  }

  BenchBuffers benchBuffers(const KernelSpec& k, int rows, BenchFill& fill) const override {
    const int C = int(k.operands[0].back());
    BenchBuffers b;
    b.inputs = {fill.floats({C, rows}, -1.f, 1.f), fill.floats({C}, -0.5f, 0.5f),
                fill.floats({C}, -0.5f, 0.5f)};
    if (addsResidual(k))
      b.inputs.push_back(fill.floats({C, rows}, -1.f, 1.f));
    b.output = Buffer<float>(C, rows);
    return b;
  }
};

} // namespace

const KernelKind& layerNormKernelKind() {
  static const LayerNormKind kind;
  return kind;
}

} // namespace bertc::kernels
