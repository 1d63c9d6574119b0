// packed_attention over ONE sequence of `seq_len` rows: the runtime calls it per sequence with the
// buffers offset to the sequence's first row (CallingConvention::PerSequence). qkv is viewed as
// (d, h3, t): h3 < A are the query heads, then the key heads, then the value heads; out is
// (d, h, t), i.e. [T, H]. out = softmax(scale * Q K^T) V per head.
// bf16 (KernelSpec::precision) rounds Q, K, V and the softmax numerators to bf16 before the two
// products, whose sums stay f32: what vdpbf16ps computes, here as f32 FMAs of the rounded values
// (kept in f32, which holds a bf16 value exactly) on every target. The softmax is f32 and its
// denominator sums the same rounded numerators the context does.
#include "codegen/kernels/HalideParts.h"

#include <algorithm>

namespace bertc::kernels {
namespace {

using namespace Halide;

struct AttentionStages {
  Func q{"q"}, kt{"kt"}, v{"v"}, sacc{"sacc"}, s{"s"}, mx{"mx"}, e{"e"}, den{"den"}, ctx{"ctx"},
      out{"out"};
  Var d{"d"}, h{"h"}, i{"i"}, j{"j"};
  RDom rd, rj;
};

int headsOf(const KernelSpec& k) {
  return int(numberAttribute(k, "num_heads"));
}

class PackedAttentionKind final : public KernelKind {
public:
  KernelOp op() const override { return KernelOp::PackedAttention; }

  // 2: scores accumulated in a register-tile Func (sacc).
  int algorithmVersion(const KernelSpec&) const override { return 2; }

  CallingConvention callingConvention() const override { return CallingConvention::PerSequence; }
  // Each sequence's call covers its rows rounded up to the granule, and its key tiles read up to
  // one tile past that: the largest tile a schedule may choose bounds both.
  int rowSlack(const KernelSpec& /*kernel*/) const override { return kMaxAttentionKeyTile; }

  KernelPipeline build(const KernelSpec& k, const ScheduleParams* sp,
                       const Target& target) const override {
    const int A = headsOf(k);
    const int64_t H = k.results[0].back();
    const int D = int(H / A);
    const float scale = float(numberAttribute(k, "scale"));
    ImageParam qkv(Float(32), 3, "qkv");
    Param<int> seqLen("seq_len");
    AttentionStages st;
    st.rd = RDom(0, D, "rd");
    st.rj = RDom(0, seqLen, "rj");
    Var d = st.d, h = st.h, i = st.i, j = st.j;
    RDom rd = st.rd, rj = st.rj;

    // ---- algorithm ----
    const bool bf16 = k.precision == KernelPrecision::BF16;
    auto operand = [bf16](Expr x) { return bf16 ? cast<float>(cast(BFloat(16), x)) : x; };
    st.q(d, i, h) = operand(qkv(d, h, i));
    st.kt(j, d, h) = operand(qkv(d, A + h, j)); // K of head h, transposed
    st.v(d, j, h) = operand(qkv(d, 2 * A + h, j));
    st.sacc(j, i, h) = 0.0f; // raw scores Q_h K_h^T, accumulated in a register tile
    st.sacc(j, i, h) += st.q(rd, i, h) * st.kt(j, rd, h);
    st.s(j, i, h) = st.sacc(j, i, h);
    st.mx(i, h) = maximum(st.s(rj, i, h));
    st.e(j, i, h) = operand(exp((st.s(j, i, h) - st.mx(i, h)) * scale)); // softmax numerator
    st.den(i, h) = 0.0f;
    st.den(i, h) += st.e(rj, i, h);
    st.ctx(d, i, h) = 0.0f;
    st.ctx(d, i, h) += st.e(rj, i, h) * st.v(d, rj, h);
    st.out(d, h, i) = st.ctx(d, i, h) / st.den(i, h);

    if (sp)
      schedule(st, D, *sp, target, bf16);
    qkv.dim(0).set_bounds(0, D);
    qkv.dim(1).set_bounds(0, 3 * A).set_stride(D);
    qkv.dim(2).set_min(0).set_stride(3 * A * D);
    st.out.output_buffer().dim(0).set_bounds(0, D);
    st.out.output_buffer().dim(1).set_bounds(0, A).set_stride(D);
    st.out.output_buffer().dim(2).set_min(0).set_stride(A * D);
    return finish(st.out, {qkv}, {seqLen});
  }

  std::vector<SearchField> searchFields(const KernelSpec&,
                                        const std::string& target) const override {
    std::vector<int> keyTiles;
    for (int t = vectorLanes(target); t <= 32; t *= 2)
      keyTiles.push_back(t);
    return {{findScheduleField("attention_row_tile"), {1, 2, 4, 8, 16}},
            {findScheduleField("attention_key_tile"), keyTiles}};
  }

  std::string describeSchedule(const ScheduleParams& p) const override {
    return "rows " + std::to_string(p.attentionRowTile) + " keys " +
           std::to_string(p.attentionKeyTile);
  }

  // Query rows per block: the register tile of `out`'s rows.
  std::map<std::string, int> readSchedule(const ScheduleReading& schedule) const override {
    if (!schedule.scheduled("out"))
      return {};
    return {{"attention_row_tile", std::max(schedule.registerTile("out", "i"), 1)}};
  }

  BenchBuffers benchBuffers(const KernelSpec& k, int rows, BenchFill& fill) const override {
    const int A = headsOf(k), H = int(k.results[0].back()), D = H / A;
    BenchBuffers b;
    b.inputs = {fill.floats({D, 3 * A, rows}, -1.f, 1.f)};
    b.output = Buffer<float>(D, A, rows);
    return b;
  }

  // Q K^T and P V, per head: 2 x (2 R R D).
  double flops(const KernelSpec& k, int64_t rows) const override {
    return 4.0 * double(rows) * double(rows) * double(k.results[0].back());
  }

private:
  static void schedule(AttentionStages& st, int D, const ScheduleParams& sp, const Target& target,
                       bool bf16) {
    const int V = vectorWidth(target);
    Var d = st.d, h = st.h, i = st.i, j = st.j, io("io"), ii("ii");
    st.out.split(i, io, ii, sp.attentionRowTile, TailStrategy::RoundUp)
        .reorder(d, ii, io, h)
        .parallel(h);
    st.kt.compute_at(st.out, h);
    if (bf16) { // rounded once: V per head like K, Q per block of query rows (f32: read in place)
      st.v.compute_at(st.out, h);
      st.q.compute_at(st.out, io);
    }
    // Scores and numerators are stored per head (folded to one row tile by Halide), not per row
    // tile: a buffer whose size depends on seq_len is a heap allocation, and one per tile cost
    // more than the tile's arithmetic.
    st.s.store_at(st.out, h).compute_at(st.out, io);
    st.mx.compute_at(st.out, io);
    st.e.store_at(st.out, h).compute_at(st.out, io);
    st.den.compute_at(st.out, io);
    st.ctx.compute_at(st.out, io);
    if (D % V == 0) {
      st.out.vectorize(d, V);
      Var jt("jt"), dt("dt"), jx("jx"), dx("dx");
      st.kt.tile(j, d, jt, dt, jx, dx, V, V, TailStrategy::RoundUp).vectorize(jx).vectorize(dx);
      // Scores in register tiles of attention_key_tile keys x IB query rows; the context in one
      // of D/V vectors x IB rows: accumulators stay in registers instead of round-tripping
      // through memory on every multiply-add. Rounding the keys up reads past the sequence, into
      // the arena's slack (validateSchedule keeps the tile within it).
      const int keyTile = std::max(V, sp.attentionKeyTile);
      Var jo("jo"), ji("ji"), jv("jv"), dv("dv");
      st.s.split(j, jo, ji, keyTile, TailStrategy::RoundUp).reorder(ji, i, jo).vectorize(ji, V);
      st.sacc.compute_at(st.s, jo)
          .split(j, jv, j, V)
          .reorder(j, jv, i)
          .vectorize(j)
          .unroll(jv)
          .unroll(i);
      st.sacc.update()
          .split(j, jv, j, V)
          .reorder(j, jv, i, st.rd)
          .vectorize(j)
          .unroll(jv)
          .unroll(i);
      st.e.vectorize(j, V, TailStrategy::RoundUp);
      st.ctx.split(d, dv, d, V).reorder(d, dv, i).vectorize(d).unroll(dv).unroll(i);
      st.ctx.update().split(d, dv, d, V).reorder(d, dv, i, st.rj).vectorize(d).unroll(dv).unroll(i);
      if (bf16) {
        st.v.vectorize(d, V);
        st.q.vectorize(d, V);
      }
    } else if (const int lanes = lanesFor(D, V); lanes > 1) {
      if (bf16) {
        st.v.vectorize(d, lanes);
        st.q.vectorize(d, lanes);
      }
      st.out.vectorize(d, lanes);
      st.ctx.vectorize(d, lanes);
      st.ctx.update().reorder(d, i, st.rj).vectorize(d, lanes);
    }
  }
};

} // namespace

const KernelKind& packedAttentionKernelKind() {
  static const PackedAttentionKind kind;
  return kind;
}

} // namespace bertc::kernels
