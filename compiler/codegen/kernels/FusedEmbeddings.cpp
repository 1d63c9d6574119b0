// fused_embeddings: LayerNorm((word[ids] + type[types]) + position[positions]), the encoder's
// input as BERT sums it. Operands: the word, position and token type tables, then the packed
// input ids, positions and token type ids, then gamma and beta.
#include "codegen/kernels/HalideParts.h"

namespace bertc::kernels {
namespace {

using namespace Halide;

class FusedEmbeddingsKind final : public KernelKind {
public:
  KernelOp op() const override { return KernelOp::FusedEmbeddings; }

  KernelPipeline build(const KernelSpec& k, const ScheduleParams* sp,
                       const Target& target) const override {
    const int64_t C = k.results[0].back();
    const float eps = float(numberAttribute(k, "eps"));
    ImageParam word = tableParam("word", k.operands[0]),
               pos = tableParam("position", k.operands[1]),
               type = tableParam("token_type", k.operands[2]);
    ImageParam ids = indexParam("input_ids"), positions = indexParam("positions"),
               types = indexParam("token_type_ids");
    ImageParam gamma = vectorParam(Float(32), "gamma", C), beta = vectorParam(Float(32), "beta", C);
    Var c("c"), t("t");

    // Indices are validated by the runtime before any kernel runs; the clamps only give Halide
    // bounds for the gathers.
    Expr wi = clamp(ids(t), 0, int(k.operands[0][0]) - 1);
    Expr ti = clamp(types(t), 0, int(k.operands[2][0]) - 1);
    Expr pi = clamp(positions(t), 0, int(k.operands[1][0]) - 1);
    Func z("z");
    z(c, t) = (word(c, wi) + type(c, ti)) + pos(c, pi);
    Func out = normalizedRows(z, C, eps, gamma, beta, sp, target); // algorithm and schedule

    constrainRowsOutput(out, C);
    return finish(out, {word, pos, type, ids, positions, types, gamma, beta});
  }

  BenchBuffers benchBuffers(const KernelSpec& k, int rows, BenchFill& fill) const override {
    const int C = int(k.results[0].back());
    const int V = int(k.operands[0][0]), P = int(k.operands[1][0]), T = int(k.operands[2][0]);
    BenchBuffers b;
    b.inputs = {fill.floats({C, V}, -1.f, 1.f), fill.floats({C, P}, -1.f, 1.f),
                fill.floats({C, T}, -1.f, 1.f)};
    b.inputs.push_back(fill.ints(rows, [&](int) { return fill.below(V); }));
    b.inputs.push_back(fill.ints(rows, [&](int i) { return i % P; }));
    b.inputs.push_back(fill.ints(rows, [&](int) { return fill.below(T); }));
    b.inputs.push_back(fill.floats({C}, -0.5f, 0.5f));
    b.inputs.push_back(fill.floats({C}, -0.5f, 0.5f));
    b.output = Buffer<float>(C, rows);
    return b;
  }
};

} // namespace

const KernelKind& fusedEmbeddingsKernelKind() {
  static const FusedEmbeddingsKind kind;
  return kind;
}

} // namespace bertc::kernels
