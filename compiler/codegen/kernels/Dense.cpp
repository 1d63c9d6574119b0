// dense: out(n, t) = epilogue(sum_k in(k, t) * W[n, k] + b(n)). The first-rows variant (the
// pooler) reads row offsets(t) of x instead, each sequence's first token.
//
// Reduced precision (KernelSpec::precision) changes the product only:
//   int8  q(k, t) = round(in(k, t) * 127 / m(t)), m(t) = max_k |in(k, t)|, stored as u8 q + 128;
//         out = epilogue(f32(sum_k (q + 128) * W8[n, k] - 128 * sum_k W8[n, k])
//                        * (m(t) * (1 / 127) * sw(n)) + b(n))
//         with W8 and sw from the load-time S8 layouts (bertc/model_desc.h): u8 x s8 with i32
//         accumulation is what AVX512-VNNI's vpdpbusd computes, four k at a time.
//   bf16  out = epilogue(sum_k f32(bf16(in)) * f32(W16[n, k]) + b(n)), pairs of k (vdpbf16ps).
// The inputs are quantized (rounded) once per call, at root, before the column-panel tasks.
// Targets without those instructions (every one but Sapphire Rapids' in Halide 14) compute the
// same sums: int8 with pmaddwd, each quad's two pairs in lanes of their own until the k loop
// ends; bf16 as the f32 kernel's FMAs over inputs kept in f32 and each task's weight panel
// widened once.
#include "codegen/kernels/HalideParts.h"

#include <algorithm>

namespace bertc::kernels {
namespace {

using namespace Halide;
using namespace Halide::ConciseCasts;

// Rows of the weight panels the runtime packs at load. 16 whatever the target, so one packed copy
// serves every instruction set of a multi-target library.
constexpr int kWeightPanelRows = 16;

bool readsFirstRows(const KernelSpec& k) {
  return k.variant == KernelVariant::FirstRows; // operands x, w, b, offsets
}

bool reduced(const KernelSpec& k) {
  return k.precision != KernelPrecision::F32;
}

// Rows per load-time panel of the weights (operand 1), or 0 when they keep PyTorch's layout.
// Reduced-precision weights are always in panels (zeros pad the last).
int weightPanelOf(const KernelSpec& k) {
  return reduced(k) || k.operands[1][0] % kWeightPanelRows == 0 ? kWeightPanelRows : 0;
}

// The k values one reduced-precision dot-product instruction takes per output lane.
int kGroupOf(const KernelSpec& k) {
  return k.precision == KernelPrecision::Int8 ? 4 : 2;
}

// [ceil(N / P)][ceil(K / G)][P][G] as Halide (g, j, kg, p): W[p * P + j, kg * G + g].
ImageParam groupedWeightParam(Type type, const std::string& name, int64_t n, int64_t k, int group) {
  const int P = kWeightPanelRows, groups = int((k + group - 1) / group),
            panels = int((n + P - 1) / P);
  ImageParam w(type, 4, name);
  w.dim(0).set_bounds(0, group);
  w.dim(1).set_bounds(0, P).set_stride(group);
  w.dim(2).set_bounds(0, groups).set_stride(group * P);
  w.dim(3).set_bounds(0, panels).set_stride(group * P * groups);
  return w;
}

struct ReducedStages {
  Func in{"in"}, laneMax{"lane_max"}, rowMax{"row_max"}, xq{"xq"}, wt{"wt"},
      widePairs{"wide_pairs"}, wide{"wide"}, acc{"acc"}, pairSums{"pair_sums"}, out{"out"};
  Var n{"n"}, t{"t"}, kv{"kv"}, lane{"lane"}, pair{"pair"};
  RDom r, lanes, chunks, pairs;
};

// Whether the target has a dot-product instruction for the precision's groups (Halide 14 emits
// vpdpbusd and vdpbf16ps for Sapphire Rapids' features only).
bool hasDotProduct(const Target& target) {
  return target.has_feature(Target::AVX512_SapphireRapids);
}

struct DenseStages {
  Func in{"in"}, wt{"wt"}, acc{"acc"}, out{"out"};
  Var n{"n"}, t{"t"}, kv{"kv"};
  RDom r;
};

class DenseKind final : public KernelKind {
public:
  KernelOp op() const override { return KernelOp::Dense; }

  // 2: weights in load-time panels (weightPanel); 3 for the first-rows variant (the pooler too);
  // int8 4: an input row holding NaN gives NaN outputs.
  int algorithmVersion(const KernelSpec& k) const override {
    if (k.precision == KernelPrecision::Int8)
      return 4;
    return readsFirstRows(k) ? 3 : 2;
  }

  // Dense layers whose width is a multiple of the panel get panels; the rest (heads) keep
  // PyTorch's [N, K] layout, read with stride K across the vector lanes (gathers).
  int weightPanel(const KernelSpec& k, size_t operand) const override {
    return operand == 1 ? weightPanelOf(k) : 0;
  }

  std::vector<int> weightFormats(const KernelSpec& k, size_t operand) const override {
    if (operand != 1 || !reduced(k))
      return {BERTC_WEIGHT_F32};
    if (k.precision == KernelPrecision::Int8)
      return {BERTC_WEIGHT_S8_PANELS, BERTC_WEIGHT_S8_SCALES};
    return {BERTC_WEIGHT_BF16_PANELS};
  }

  KernelPipeline build(const KernelSpec& k, const ScheduleParams* sp,
                       const Target& target) const override {
    if (reduced(k))
      return buildReduced(k, sp, target);
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
                                       {findScheduleField("dense_row_tile"), {1, 2, 4, 8, 16}}};
    // int8's pair-lanes schedule (no dot-product instruction) has no k unroll to vary.
    if (k.precision != KernelPrecision::Int8 || hasDotProduct(Target(target)))
      fields.push_back({findScheduleField("dense_k_unroll"), {1, 2, 4, 8}});
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
    const int G = kGroupOf(k), P = kWeightPanelRows;
    if (k.precision == KernelPrecision::Int8) {
      b.inputs.push_back(fill.typed(Int(8), {G, P, (K + G - 1) / G, (N + P - 1) / P}, -127, 127));
      b.inputs.push_back(fill.floats({2, N}, 0.f, 0.01f));
    } else if (k.precision == KernelPrecision::BF16) { // bf16 bit patterns of about +-0.06
      b.inputs.push_back(
          fill.typed(BFloat(16), {G, P, (K + G - 1) / G, (N + P - 1) / P}, 0x3d00, 0x3d80));
    } else if (int panel = weightPanel(k, 1))
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
  // Tasks over column panels of NB outputs; in each, tiles of NB outputs x TB rows whose
  // accumulators (acc) stay in vector registers. Returns the task loop and the tile loop.
  static std::pair<Var, Var> registerTiles(Func out, Func acc, Var n, Var t, int NB, int TB,
                                           int V) {
    Var no("no"), ni("ni"), to("to"), ti("ti"), nv("nv");
    out.split(n, no, ni, NB, TailStrategy::ShiftInwards)
        .split(t, to, ti, TB, TailStrategy::RoundUp)
        .reorder(ni, ti, to, no)
        .vectorize(ni, V)
        .parallel(no);
    acc.compute_at(out, to).split(n, n, nv, V).reorder(nv, n, t).vectorize(nv).unroll(n).unroll(t);
    return {no, to};
  }

  // The f32 inner loop: at each k step (KU per loop iteration: fewer branches, loads scheduled
  // across steps) every row of the tile broadcasts its input against the tile's weight vectors.
  static void scheduleFmaSteps(Func acc, Var n, Var t, RDom r, int V, int KU) {
    Var nv("nv");
    if (KU > 1) {
      RVar ro("ro"), ri("ri");
      acc.update()
          .split(n, n, nv, V)
          .split(r, ro, ri, KU)
          .reorder(nv, n, t, ri, ro)
          .vectorize(nv)
          .unroll(n)
          .unroll(t)
          .unroll(ri);
    } else {
      acc.update().split(n, n, nv, V).reorder(nv, n, t, r).vectorize(nv).unroll(n).unroll(t);
    }
  }

  // xq(k, t): the u8 inputs (q + 128) and rowMax(t) their row's scale times 127.
  static void quantizeRows(ReducedStages& s, int64_t K, int V) {
    Var t = s.t, kv = s.kv, lane = s.lane;
    // max |in| of each row, V lanes at a time (a repeated last column does not change it).
    s.chunks = RDom(0, int((K + V - 1) / V), "chunk");
    s.lanes = RDom(0, V, "l");
    // In integers: the bits of |x| order as the values do, and NaN's lie above infinity's, so a
    // row holding NaN gets a NaN max and NaN outputs, as in f32 (Halide compiles float code
    // assuming no NaN, LLVM's nnan: a float max or an is_nan test of one may drop it, and the
    // row would be quantized to finite garbage).
    s.laneMax(lane, t) = u32(0);
    s.laneMax(lane, t) =
        max(s.laneMax(lane, t), reinterpret<uint32_t>(s.in(s.chunks * V + lane, t)) & 0x7fffffffu);
    s.rowMax(t) = reinterpret<float>(maximum(s.laneMax(s.lanes, t)));
    Expr inverse = select(s.rowMax(t) > 0.0f, 127.0f / s.rowMax(t), 0.0f);
    Expr q = clamp(i32(round(s.in(kv, t) * inverse)), -127, 127);
    s.xq(kv, t) = select(kv < int(K), u8(q + 128), u8(128));
  }

  static KernelPipeline buildReduced(const KernelSpec& k, const ScheduleParams* sp,
                                     const Target& target) {
    const int64_t K = k.operands[1][1], N = k.operands[1][0];
    const bool int8 = k.precision == KernelPrecision::Int8;
    const int G = kGroupOf(k), P = kWeightPanelRows, V = vectorWidth(target);
    const int64_t KG = (K + G - 1) / G * G;
    ImageParam x = rowsParam("x", K);
    ImageParam w = groupedWeightParam(int8 ? Int(8) : BFloat(16), "w", N, K, G);
    ImageParam scales(Float(32), 2, "w_scales"); // (scale, sum of the row's s8 values) per n
    scales.dim(0).set_bounds(0, 2);
    scales.dim(1).set_bounds(0, int(N)).set_stride(2);
    ImageParam b = vectorParam(Float(32), "b", N);
    ImageParam offsets = indexParam("offsets");
    ReducedStages s;
    Var n = s.n, t = s.t, kv = s.kv, lane = s.lane;

    // ---- algorithm ----
    Expr kIn = min(kv, int(K) - 1); // k past K (padding to whole groups) reads the last column
    if (readsFirstRows(k))
      s.in(kv, t) = x(kIn, clamp(offsets(t), 0, x.dim(1).max()));
    else
      s.in(kv, t) = x(kIn, t);
    s.wt(n, kv) = w(kv % G, n % P, kv / G, n / P);
    s.r = RDom(0, int(KG), "r");
    if (int8) {
      quantizeRows(s, K, V);
      if (hasDotProduct(target)) {
        s.acc(n, t) = 0;
        s.acc(n, t) += i32(s.xq(s.r, t)) * i32(s.wt(n, s.r));
      } else {
        // pmaddwd adds pairs of i16 products into i32 lanes: each quad's two pairs accumulate
        // in lanes of their own and meet once, after the k loop, instead of lanes being
        // shuffled together at every step.
        s.pairs = RDom(0, 2, 0, int(KG / G), "pairs"); // x: within a pair, y: the quad
        Expr kq = s.pairs.y * G + s.pair * 2 + s.pairs.x;
        s.pairSums(s.pair, n, t) = 0;
        s.pairSums(s.pair, n, t) += i32(s.xq(kq, t)) * i32(s.wt(n, kq));
        s.acc(n, t) = s.pairSums(0, n, t) + s.pairSums(1, n, t);
      }
      Expr dot = f32(s.acc(n, t) - 128 * i32(scales(1, n)));
      Expr rowScale = s.rowMax(t) * (1.0f / 127.0f);
      s.out(n, t) = applyEpilogue(dot * (rowScale * scales(0, n)) + b(n), k.epilogue);
    } else {
      Expr rounded = select(kv < int(K), cast(BFloat(16), s.in(kv, t)), cast(BFloat(16), 0.0f));
      s.acc(n, t) = 0.0f;
      if (hasDotProduct(target)) {
        s.xq(kv, t) = rounded;
        s.acc(n, t) += f32(s.xq(s.r, t)) * f32(s.wt(n, s.r));
      } else {
        // Without vdpbf16ps the products are f32 FMAs: inputs are kept as f32 (a bf16 value is
        // one exactly) and each task widens its weight panel once, so the inner loop is the
        // f32 kernel's instead of widening a bf16 input and a strided pair at every step.
        s.xq(kv, t) = f32(rounded);
        s.widePairs(lane, n, kv) = f32(w(lane, n % P, kv, n / P)); // (k pair, n, kv / 2)
        s.wide(n, kv) = s.widePairs(kv % G, n, kv / G);
        s.acc(n, t) += s.xq(s.r, t) * s.wide(n, s.r);
      }
      s.out(n, t) = applyEpilogue(s.acc(n, t) + b(n), k.epilogue);
    }

    if (sp)
      scheduleReduced(s, k, *sp, G, target, int8);
    constrainRowsOutput(s.out, N);
    std::vector<ImageParam> args = {x, w};
    if (int8)
      args.push_back(scales);
    args.push_back(b);
    if (readsFirstRows(k))
      args.push_back(offsets);
    return finish(s.out, args);
  }

  // Inputs quantized (or rounded) at root, rows in parallel; then the fp32 schedule's register
  // tiles over column-panel tasks, the reduction split in groups of G that one instruction
  // multiplies and adds into each i32/f32 lane (atomic: the group sums into one lane).
  static void scheduleReduced(ReducedStages& s, const KernelSpec& k, const ScheduleParams& sp,
                              int G, const Target& target, bool int8) {
    const int64_t N = k.operands[1][0];
    const int V = vectorWidth(target);
    const bool dotProduct = hasDotProduct(target);
    Var n = s.n, t = s.t, kv = s.kv;
    if (int8) {
      s.rowMax.compute_root().parallel(t, 8);
      s.laneMax.compute_at(s.rowMax, t).vectorize(s.lane);
      s.laneMax.update().vectorize(s.lane);
    }
    s.xq.compute_root().parallel(t, 4).vectorize(kv, V * G);
    const int NB = int(std::min<int64_t>(sp.denseOutputTile, N / V * V));
    int TB = sp.denseRowTile;
    const bool pairLanes = int8 && !dotProduct; // twice the accumulators: fewer rows per tile
    while (pairLanes && TB > 1 && 2 * (NB / V) * TB > (V == 16 ? 28 : 12))
      TB /= 2;
    if (NB < V) { // narrower than a vector: little work
      s.acc.compute_at(s.out, t);
      if (pairLanes)
        s.pairSums.compute_at(s.out, t);
      s.out.parallel(t);
      return;
    }
    if (pairLanes) {
      const Var to = registerTiles(s.out, s.acc, n, t, NB, TB, V).second;
      Var nv("nv");
      s.pairSums.compute_at(s.out, to)
          .split(n, n, nv, V)
          .reorder(s.pair, nv, n, t)
          .vectorize(s.pair)
          .vectorize(nv)
          .unroll(n)
          .unroll(t);
      s.pairSums.update()
          .split(n, n, nv, V)
          .reorder(s.pairs.x, s.pair, nv, n, t, s.pairs.y)
          .atomic()
          .vectorize(s.pairs.x)
          .vectorize(s.pair)
          .vectorize(nv)
          .unroll(n)
          .unroll(t);
      return;
    }
    const int64_t groups = (k.operands[1][1] + G - 1) / G;
    if (!int8 && !dotProduct) { // bf16 as the f32 kernel, over the task's widened weight panel
      const int KU = groups * G % sp.denseKUnroll == 0 ? sp.denseKUnroll : 1;
      const Var no = registerTiles(s.out, s.acc, n, t, NB, TB, V).first;
      scheduleFmaSteps(s.acc, n, t, s.r, V, KU);
      // Pairs are widened as they lie in memory, then split into one vector per k from
      // registers (Halide reads a caller's buffer at stride 2 with inserts, three times the
      // instructions).
      Var kvo("kvo"), kvi("kvi"), ln("ln");
      s.wide.compute_at(s.out, no)
          .split(kv, kvo, kvi, G)
          .reorder(n, kvi, kvo)
          .vectorize(n, V)
          .unroll(kvi);
      s.widePairs.compute_at(s.wide, kvo).fuse(s.lane, n, ln).vectorize(ln, V);
      return;
    }
    const int KU = groups % sp.denseKUnroll == 0 ? sp.denseKUnroll : 1;
    Var nv("nv");
    RVar ro("ro"), ri("ri"), roo("roo"), roi("roi");
    registerTiles(s.out, s.acc, n, t, NB, TB, V);
    Stage update = s.acc.update();
    update.split(s.r, ro, ri, G).split(n, n, nv, V);
    if (KU > 1) // several groups per loop iteration, as dense_k_unroll does for f32
      update.split(ro, roo, roi, KU).reorder(ri, nv, n, t, roi, roo).unroll(roi);
    else
      update.reorder(ri, nv, n, t, ro);
    update.atomic().vectorize(ri).vectorize(nv).unroll(n).unroll(t);
  }

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
    const Var no = registerTiles(s.out, s.acc, n, t, NB, TB, V).first;
    scheduleFmaSteps(s.acc, n, t, s.r, V, KU);
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
