// dense: out(n, t) = epilogue(sum_k in(k, t) * W[n, k] + b(n)). The first-rows variant (the
// pooler) reads row offsets(t) of x instead, each sequence's first token.
#include "codegen/kernels/HalideParts.h"

#include <algorithm>

namespace bertc::kernels {
namespace {

using namespace Halide;

// Rows of the weight panels the runtime packs at load. 16 whatever the target, so one packed copy
// serves every instruction set of a multi-target library.
constexpr int kWeightPanelRows = 16;

bool readsFirstRows(const KernelSpec& k) {
  return k.variant == KernelVariant::FirstRows; // operands x, w, b, offsets
}

// Rows per load-time panel of the weights (operand 1), or 0 when they keep PyTorch's layout.
int weightPanelOf(const KernelSpec& k) {
  return k.operands[1][0] % kWeightPanelRows == 0 ? kWeightPanelRows : 0;
}

struct DenseStages {
  Func in{"in"}, wt{"wt"}, acc{"acc"}, out{"out"};
  Var n{"n"}, t{"t"}, kv{"kv"};
  RDom r;
};

class DenseKind final : public KernelKind {
public:
  KernelOp op() const override { return KernelOp::Dense; }

  // 2: weights in load-time panels (weightPanel); 3 for the first-rows variant (the pooler too).
  int algorithmVersion(const KernelSpec& k) const override { return readsFirstRows(k) ? 3 : 2; }

  // Dense layers whose width is a multiple of the panel get panels; the rest (heads) keep
  // PyTorch's [N, K] layout, read with stride K across the vector lanes (gathers).
  int weightPanel(const KernelSpec& k, size_t operand) const override {
    return operand == 1 ? weightPanelOf(k) : 0;
  }

  KernelPipeline build(const KernelSpec& k, const ScheduleParams* sp,
                       const Target& target) const override {
    const int64_t K = k.operands[1][1], N = k.operands[1][0];
    const int panel = weightPanel(k, 1);
    ImageParam x = rowsParam("x", K);
    ImageParam w = panel ? panelWeightParam("w", N, K, panel) : linearWeightParam("w", N, K);
    ImageParam b = vectorParam(Float(32), "b", N);
    ImageParam offsets = indexParam("offsets");
    DenseStages s;
    s.r = RDom(0, int(K), "r");

    // ---- algorithm ----
    if (readsFirstRows(k))
      s.in(s.kv, s.t) = x(s.kv, clamp(offsets(s.t), 0, x.dim(1).max()));
    else
      s.in(s.kv, s.t) = x(s.kv, s.t);
    if (panel) // wt(n, k) = W[n, k], whatever the storage
      s.wt(s.n, s.kv) = w(s.n % panel, s.kv, s.n / panel);
    else
      s.wt(s.n, s.kv) = w(s.kv, s.n);
    s.acc(s.n, s.t) = 0.0f;
    s.acc(s.n, s.t) += s.in(s.r, s.t) * s.wt(s.n, s.r);
    s.out(s.n, s.t) = applyEpilogue(s.acc(s.n, s.t) + b(s.n), k.epilogue);

    if (sp)
      schedule(s, k, *sp, target);
    constrainRowsOutput(s.out, N);
    std::vector<ImageParam> args = {x, w, b};
    if (readsFirstRows(k))
      args.push_back(offsets);
    return finish(s.out, args);
  }

  std::vector<SearchField> searchFields(const KernelSpec& k,
                                        const std::string& target) const override {
    // The register tile is used for kernels with at least one vector of outputs (schedule());
    // narrower ones ignore every field.
    const int lanes = vectorLanes(target);
    const int64_t N = k.operands[1][0];
    if (N < lanes)
      return {};
    std::vector<int> tiles;
    for (int t = lanes; t <= 8 * lanes && t <= N; t += lanes)
      tiles.push_back(t);
    std::vector<SearchField> fields = {{findScheduleField("dense_output_tile"), tiles},
                                       {findScheduleField("dense_row_tile"), {1, 2, 4, 8, 16}},
                                       {findScheduleField("dense_k_unroll"), {1, 2, 4, 8}}};
    if (weightPanel(k, 1) == 0)
      fields.push_back({findScheduleField("dense_pack_weights"), {1, 0}});
    return fields;
  }

  // Accumulators must leave vector registers for the weights and the broadcast input (32 with
  // AVX-512, 16 otherwise).
  bool worthTrying(const ScheduleParams& p, const std::string& target) const override {
    const int lanes = vectorLanes(target), registers = lanes == 16 ? 32 : 16;
    return p.denseOutputTile / lanes * p.denseRowTile <= registers - 4;
  }

  // The task's panel is the stage whose parallel loop runs over output columns: its widest split
  // of `n` is the output tile; the row tile is its (or `out`'s) register tile of `t`; the k
  // unroll is the split of the reduction in `acc.update(0)`.
  std::map<std::string, int> readSchedule(const ScheduleReading& schedule) const override {
    std::string panel = "out";
    for (const char* stage : {"out", "acc", "acc.update(0)"})
      if (schedule.parallelOver(stage, "n")) {
        panel = stage;
        break;
      }
    const int outputTile = schedule.widestSplit(panel, "n");
    int rowTile = schedule.registerTile(panel, "t");
    if (!rowTile)
      rowTile = schedule.registerTile("out", "t");
    const bool tiled = outputTile || rowTile;
    int kUnroll = schedule.widestSplitOtherThan("acc.update(0)", {"n", "t"});
    if (tiled)
      kUnroll = std::max(kUnroll, 1);
    std::map<std::string, int> fields;
    if (outputTile)
      fields["dense_output_tile"] = outputTile;
    if (tiled)
      fields["dense_row_tile"] = std::max(rowTile, 1);
    if (kUnroll)
      fields["dense_k_unroll"] = kUnroll;
    return fields;
  }

  std::string describeSchedule(const ScheduleParams& p) const override {
    return std::to_string(p.denseOutputTile) + "x" + std::to_string(p.denseRowTile) + " k" +
           std::to_string(p.denseKUnroll) + (p.densePackWeights ? "" : " unpacked");
  }

  BenchBuffers benchBuffers(const KernelSpec& k, int rows, BenchFill& fill) const override {
    const int K = int(k.operands[1][1]), N = int(k.operands[1][0]);
    const int seqRows = std::max(rows, 128);
    BenchBuffers b;
    b.inputs.push_back(fill.floats({K, readsFirstRows(k) ? seqRows : rows}, -1.f, 1.f));
    if (int panel = weightPanel(k, 1))
      b.inputs.push_back(fill.floats({panel, K, (N + panel - 1) / panel}, -0.1f, 0.1f));
    else
      b.inputs.push_back(fill.floats({K, N}, -0.1f, 0.1f));
    b.inputs.push_back(fill.floats({N}, -0.5f, 0.5f));
    if (readsFirstRows(k))
      b.inputs.push_back(fill.ints(rows + 1, [&](int i) { return (i * 37) % seqRows; }));
    b.output = Buffer<float>(N, rows);
    return b;
  }

  double flops(const KernelSpec& k, int64_t rows) const override {
    return 2.0 * double(rows) * double(k.operands[1][0]) * double(k.operands[1][1]);
  }

private:
  static void schedule(DenseStages& s, const KernelSpec& k, const ScheduleParams& sp,
                       const Target& target) {
    const int64_t K = k.operands[1][1], N = k.operands[1][0];
    const int V = vectorWidth(target);
    const int NB = sp.denseOutputTile, TB = sp.denseRowTile;
    const int KU = K % sp.denseKUnroll == 0 ? sp.denseKUnroll : 1;
    Var n = s.n, t = s.t;
    if (N < NB || NB % V != 0) {
      // Narrow outputs (heads) and the pooler: little work; vectorize what divides evenly.
      const int lanes = lanesFor(N, V);
      s.acc.compute_at(s.out, t);
      if (lanes > 1) {
        s.out.vectorize(n, lanes);
        s.acc.vectorize(n, lanes);
        s.acc.update().vectorize(n, lanes);
      }
      s.out.parallel(t);
      return;
    }
    // Register tile of NB outputs x TB rows per inner block; tasks are column panels: each
    // thread streams every row past its NB x K slice of the weights, read contiguously from the
    // load-time panels (or packed here once per task when the weights keep PyTorch's layout).
    Var no("no"), ni("ni"), to("to"), ti("ti"), nv("nv");
    s.out.split(n, no, ni, NB, TailStrategy::ShiftInwards)
        .split(t, to, ti, TB, TailStrategy::RoundUp)
        .reorder(ni, ti, to, no)
        .vectorize(ni, V)
        .parallel(no);
    s.acc.compute_at(s.out, to)
        .split(n, n, nv, V)
        .reorder(nv, n, t)
        .vectorize(nv)
        .unroll(n)
        .unroll(t);
    if (KU > 1) { // several k steps per loop iteration: fewer branches, loads scheduled across
      RVar ro("ro"), ri("ri");
      s.acc.update()
          .split(n, n, nv, V)
          .split(s.r, ro, ri, KU)
          .reorder(nv, n, t, ri, ro)
          .vectorize(nv)
          .unroll(n)
          .unroll(t)
          .unroll(ri);
    } else {
      s.acc.update().split(n, n, nv, V).reorder(nv, n, t, s.r).vectorize(nv).unroll(n).unroll(t);
    }
    if (!weightPanelOf(k) && sp.densePackWeights) { // no load-time panels
      Var ko("ko"), ki("ki"), nvo("nvo"), nvi("nvi");
      s.wt.compute_at(s.out, no)
          .split(s.kv, ko, ki, V)
          .split(n, nvo, nvi, V)
          .reorder(nvi, ki, nvo, ko)
          .vectorize(nvi)
          .unroll(ki);
    }
  }
};

} // namespace

const KernelKind& denseKernelKind() {
  static const DenseKind kind;
  return kind;
}

} // namespace bertc::kernels
