// gather: out(c, t) = table(c, ids(t)), rows of a [V, C] table picked by id.
#include "codegen/kernels/HalideParts.h"

namespace bertc::kernels {
namespace {

using namespace Halide;

class GatherKind final : public KernelKind {
public:
  KernelOp op() const override { return KernelOp::Gather; }

  KernelPipeline build(const KernelSpec& k, const ScheduleParams* sp,
                       const Target& target) const override {
    const Shape& s = k.operands[0];
    ImageParam table = tableParam("table", s);
    ImageParam ids = indexParam("ids");
    Var c("c"), t("t");
    Func out("out");
    out(c, t) = table(c, clamp(ids(t), 0, int(s[0]) - 1));
    if (sp)
      scheduleRowTiles(out, s[1], *sp, target);
    constrainRowsOutput(out, s[1]);
    return finish(out, {table, ids});
  }

  BenchBuffers benchBuffers(const KernelSpec& k, int rows, BenchFill& fill) const override {
    const int V = int(k.operands[0][0]), C = int(k.operands[0][1]);
    BenchBuffers b;
    b.inputs = {fill.floats({C, V}, -1.f, 1.f),
                fill.ints(rows, [&](int) { return fill.below(V); })};
    b.output = Buffer<float>(C, rows);
    return b;
  }
};

} // namespace

const KernelKind& gatherKernelKind() {
  static const GatherKind kind;
  return kind;
}

} // namespace bertc::kernels
