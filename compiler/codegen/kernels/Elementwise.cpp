// Row-wise kernels over [rows, C]: the activations of head outputs (sigmoid, tanh, relu, gelu),
// add, and softmax over each row's C values.
#include "codegen/kernels/HalideParts.h"

namespace bertc::kernels {
namespace {

using namespace Halide;

// out(c, t) = f(x(c, t)) or f(x(c, t), y(c, t)).
class ElementwiseKind final : public KernelKind {
public:
  using Formula = Expr (*)(const KernelSpec& k, Expr x, Expr y);
  ElementwiseKind(KernelOp op, int inputs, Formula formula)
      : op_(op), inputs_(inputs), formula_(formula) {}

  KernelOp op() const override { return op_; }

  KernelPipeline build(const KernelSpec& k, const ScheduleParams* sp,
                       const Target& target) const override {
    const int64_t C = k.results[0].back();
    ImageParam x = rowsParam("x", C), y = rowsParam("y", C);
    Var c("c"), t("t");
    Func out("out");
    out(c, t) = formula_(k, x(c, t), y(c, t));
    if (sp)
      scheduleRowTiles(out, C, *sp, target);
    constrainRowsOutput(out, C);
    return inputs_ == 2 ? finish(out, {x, y}) : finish(out, {x});
  }

  BenchBuffers benchBuffers(const KernelSpec& k, int rows, BenchFill& fill) const override {
    const int C = int(k.results[0].back());
    BenchBuffers b;
    for (int i = 0; i < inputs_; ++i)
      b.inputs.push_back(fill.floats({C, rows}, -1.f, 1.f));
    b.output = Buffer<float>(C, rows);
    return b;
  }

private:
  KernelOp op_;
  int inputs_;
  Formula formula_;
};

class SoftmaxKind final : public KernelKind {
public:
  KernelOp op() const override { return KernelOp::Softmax; }

  KernelPipeline build(const KernelSpec& k, const ScheduleParams* sp,
                       const Target& target) const override {
    const int64_t C = k.results[0].back();
    ImageParam x = rowsParam("x", C);
    Var c("c"), t("t");
    RDom rc(0, int(C), "rc");
    Func out("out"), mx("mx"), den("den");

    // ---- algorithm ----
    mx(t) = maximum(x(rc, t));
    den(t) = sum(exp(x(rc, t) - mx(t)));
    out(c, t) = exp(x(c, t) - mx(t)) / den(t);

    // ---- schedule ----
    if (sp) {
      Var rowInTile = scheduleRowTiles(out, C, *sp, target);
      mx.compute_at(out, rowInTile); // the row's max and sum, once per row, next to the row
      den.compute_at(out, rowInTile);
    }
    constrainRowsOutput(out, C);
    return finish(out, {x});
  }

  BenchBuffers benchBuffers(const KernelSpec& k, int rows, BenchFill& fill) const override {
    const int C = int(k.results[0].back());
    return {{fill.floats({C, rows}, -1.f, 1.f)}, Buffer<float>(C, rows)};
  }
};

// The manifest gives gelu's form (exact or tanh-approximated) as its activation.
Expr gelu(const KernelSpec& k, Expr x, Expr) {
  return applyEpilogue(x, k.epilogue);
}

} // namespace

const KernelKind& sigmoidKernelKind() {
  static const ElementwiseKind kind(
      KernelOp::Sigmoid, 1,
      [](const KernelSpec&, Expr x, Expr) -> Expr { return 1.0f / (1.0f + expOfAnyArgument(-x)); });
  return kind;
}

const KernelKind& tanhKernelKind() {
  static const ElementwiseKind kind(
      KernelOp::Tanh, 1, [](const KernelSpec&, Expr x, Expr) -> Expr { return vectorTanh(x); });
  return kind;
}

const KernelKind& reluKernelKind() {
  static const ElementwiseKind kind(
      KernelOp::Relu, 1, [](const KernelSpec&, Expr x, Expr) -> Expr { return max(x, 0.0f); });
  return kind;
}

const KernelKind& geluKernelKind() {
  static const ElementwiseKind kind(KernelOp::Gelu, 1, gelu);
  return kind;
}

const KernelKind& addKernelKind() {
  static const ElementwiseKind kind(
      KernelOp::Add, 2, [](const KernelSpec&, Expr x, Expr y) -> Expr { return x + y; });
  return kind;
}

const KernelKind& softmaxKernelKind() {
  static const SoftmaxKind kind;
  return kind;
}

} // namespace bertc::kernels
