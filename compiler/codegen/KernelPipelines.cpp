#include "codegen/KernelPipelines.h"

#include "support/Hash.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace bertc {

using namespace Halide;

namespace {

// f32 lanes of the widest vector the target has (one rule with the schedules' defaults).
int vectorWidth(const Target& target) {
  return vectorLanes(target.to_string());
}

// Largest of 16, 8, 4 that divides `n` and does not exceed `v`; 1 if none.
int lanesFor(int64_t n, int v) {
  for (int lanes = v; lanes >= 4; lanes /= 2)
    if (n % lanes == 0)
      return lanes;
  return 1;
}

double attr(const KernelSpec& k, const std::string& name) {
  auto it = k.attributes.find(name);
  if (it == k.attributes.end())
    throw CompileError("kernel " + k.name + " lacks attribute " + name);
  return std::strtod(it->second.c_str(), nullptr);
}

int64_t width(const Shape& s) {
  return s.back();
}

// A [rows, c] f32 tensor: c fixed, rows dynamic, densely packed.
ImageParam rowsParam(const std::string& name, int64_t c) {
  ImageParam p(Float(32), 2, name);
  p.dim(0).set_bounds(0, int(c));
  p.dim(1).set_min(0).set_stride(int(c));
  return p;
}

ImageParam vectorParam(Type type, const std::string& name, int64_t n) {
  ImageParam p(type, 1, name);
  p.dim(0).set_bounds(0, int(n));
  return p;
}

// PyTorch Linear weight [n, k]: Halide (k, n).
ImageParam linearWeightParam(const std::string& name, int64_t n, int64_t k) {
  ImageParam p(Float(32), 2, name);
  p.dim(0).set_bounds(0, int(k));
  p.dim(1).set_bounds(0, int(n)).set_stride(int(k));
  return p;
}

// Weights packed at load into [N / P, K, P] panels: Halide (j, k, p) holds W[p * P + j, k].
ImageParam panelWeightParam(const std::string& name, int64_t n, int64_t k, int panel) {
  ImageParam p(Float(32), 3, name);
  p.dim(0).set_bounds(0, panel);
  p.dim(1).set_bounds(0, int(k)).set_stride(panel);
  p.dim(2).set_bounds(0, int((n + panel - 1) / panel)).set_stride(panel * int(k));
  return p;
}

// Per-token or per-sequence int32 values (ids, positions, offsets): extent only bounded below.
ImageParam indexParam(const std::string& name) {
  ImageParam p(Int(32), 1, name);
  p.dim(0).set_min(0);
  return p;
}

void constrainRowsOutput(Func out, int64_t c) {
  out.output_buffer().dim(0).set_bounds(0, int(c));
  out.output_buffer().dim(1).set_min(0).set_stride(int(c));
}

// The pipeline of `out` whose arguments are `buffers` then `scalars`, in manifest operand order.
KernelPipeline finish(Func out, const std::vector<ImageParam>& buffers,
                      const std::vector<Param<int>>& scalars = {}) {
  KernelPipeline p{Pipeline(out), {}, buffers, scalars};
  for (const ImageParam& b : buffers)
    p.arguments.push_back(b);
  for (const Param<int>& s : scalars)
    p.arguments.push_back(s);
  return p;
}

Expr applyEpilogue(Expr v, const std::string& epilogue) {
  if (epilogue == "gelu")
    return 0.5f * v * (1.0f + erf(v * float(M_SQRT1_2)));
  if (epilogue == "gelu_tanh")
    return 0.5f * v * (1.0f + tanh(float(std::sqrt(2.0 / M_PI)) * (v + 0.044715f * v * v * v)));
  if (epilogue == "relu")
    return max(v, 0.0f);
  if (epilogue == "tanh")
    return tanh(v);
  if (epilogue == "none")
    return v;
  throw CompileError("unknown epilogue " + epilogue);
}

// LayerNorm over the features of each row of z(c, t), as layer_norm and fused_embeddings both
// end: out = (z - mean) / sqrt(var + eps) * gamma + beta. Schedules z as well: each row tile is
// formed, normalized and written while it is in cache.
Func normalizedRows(Func z, int64_t C, float eps, ImageParam gamma, ImageParam beta,
                    const ScheduleParams* sp, const Target& target) {
  Var c = z.args()[0], t = z.args()[1];
  RDom rc(0, int(C), "rc");

  // ---- algorithm ----
  Func sum("sum");
  sum(t) = 0.0f;
  sum(t) += z(rc, t);
  Func centered("centered");
  centered(c, t) = z(c, t) - sum(t) / float(C);
  Func sq("sq");
  sq(t) = 0.0f;
  sq(t) += centered(rc, t) * centered(rc, t);
  Func out("out");
  out(c, t) = centered(c, t) * (1.0f / sqrt(sq(t) / float(C) + eps)) * gamma(c) + beta(c);

  // ---- schedule ----
  if (!sp)
    return out;
  const int lanes = lanesFor(C, vectorWidth(target));
  Var to("to"), ti("ti");
  out.split(t, to, ti, sp->rowTile, TailStrategy::RoundUp).reorder(c, ti, to).parallel(to);
  z.compute_at(out, ti);
  centered.compute_at(out, ti);
  sum.compute_at(out, ti);
  sq.compute_at(out, ti);
  if (lanes > 1) {
    out.vectorize(c, lanes);
    z.vectorize(c, lanes);
    centered.vectorize(c, lanes);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// dense: out(n, t) = epilogue(sum_k in(k, t) * W[n, k] + b(n)); with offsets, in(k, t) is row
// offsets(t) of x (each sequence's first token).
KernelPipeline denseKernel(const KernelSpec& k, const ScheduleParams* sp, const Target& target) {
  const int64_t K = k.operands[1][1], N = k.operands[1][0];
  const bool firstRows = k.operands.size() == 4;
  const int panel = weightPanel(k, 1);
  ImageParam x = rowsParam("x", K);
  ImageParam w = panel ? panelWeightParam("w", N, K, panel) : linearWeightParam("w", N, K);
  ImageParam b = vectorParam(Float(32), "b", N);
  ImageParam offsets = indexParam("offsets");
  Var n("n"), t("t"), kv("kv");
  RDom r(0, int(K), "r");

  // ---- algorithm ----
  Func in("in");
  if (firstRows)
    in(kv, t) = x(kv, clamp(offsets(t), 0, x.dim(1).max()));
  else
    in(kv, t) = x(kv, t);
  Func wt("wt"); // wt(n, k) = W[n, k], whatever the storage
  if (panel)
    wt(n, kv) = w(n % panel, kv, n / panel);
  else
    wt(n, kv) = w(kv, n);
  Func acc("acc");
  acc(n, t) = 0.0f;
  acc(n, t) += in(r, t) * wt(n, r);
  Func out("out");
  out(n, t) = applyEpilogue(acc(n, t) + b(n), k.epilogue);

  // ---- schedule ----
  const int V = vectorWidth(target);
  const int NB = sp ? sp->denseOutputTile : 0, TB = sp ? sp->denseRowTile : 0;
  const int KU = sp && K % sp->denseKUnroll == 0 ? sp->denseKUnroll : 1;
  if (!sp) {
    // Left to the caller (bert-tune hands these to Halide's autoschedulers).
  } else if (N >= NB && NB % V == 0) {
    // Register tile of NB outputs x TB rows per inner block; tasks are column panels: each
    // thread streams every row past its NB x K slice of the weights, read contiguously from the
    // load-time panels (or packed here once per task when the weights keep PyTorch's layout).
    // The first-rows variant (the pooler) is the same with its few rows gathered by offset.
    Var no("no"), ni("ni"), to("to"), ti("ti"), nv("nv");
    out.split(n, no, ni, NB, TailStrategy::ShiftInwards)
        .split(t, to, ti, TB, TailStrategy::RoundUp)
        .reorder(ni, ti, to, no)
        .vectorize(ni, V)
        .parallel(no);
    acc.compute_at(out, to).split(n, n, nv, V).reorder(nv, n, t).vectorize(nv).unroll(n).unroll(t);
    if (KU > 1) { // several k steps per loop iteration: fewer branches, loads scheduled across
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
    if (!panel && sp->densePackWeights) {
      Var ko("ko"), ki("ki"), nvo("nvo"), nvi("nvi");
      wt.compute_at(out, no)
          .split(kv, ko, ki, V)
          .split(n, nvo, nvi, V)
          .reorder(nvi, ki, nvo, ko)
          .vectorize(nvi)
          .unroll(ki);
    }
  } else {
    // Narrow outputs (heads) and the pooler: little work; vectorize what divides evenly.
    const int lanes = lanesFor(N, V);
    acc.compute_at(out, t);
    if (lanes > 1) {
      out.vectorize(n, lanes);
      acc.vectorize(n, lanes);
      acc.update().vectorize(n, lanes);
    }
    out.parallel(t);
  }

  constrainRowsOutput(out, N);
  std::vector<ImageParam> args = {x, w, b};
  if (firstRows)
    args.push_back(offsets);
  return finish(out, args);
}

// ---------------------------------------------------------------------------------------------
// layer_norm: out(c, t) = (z - mean) / sqrt(var + eps) * gamma(c) + beta(c), z = a (+ residual).
KernelPipeline layerNormKernel(const KernelSpec& k, const ScheduleParams* sp,
                               const Target& target) {
  const int64_t C = width(k.operands[0]);
  const bool residual = k.operands.size() == 4;
  const float eps = float(attr(k, "eps"));
  ImageParam a = rowsParam("a", C), res = rowsParam("residual", C);
  ImageParam gamma = vectorParam(Float(32), "gamma", C), beta = vectorParam(Float(32), "beta", C);
  Var c("c"), t("t");

  Func z("z");
  z(c, t) = residual ? a(c, t) + res(c, t) : a(c, t);
  Func out = normalizedRows(z, C, eps, gamma, beta, sp, target);

  constrainRowsOutput(out, C);
  std::vector<ImageParam> args = {a, gamma, beta};
  if (residual)
    args.push_back(res);
  return finish(out, args);
}

// ---------------------------------------------------------------------------------------------
// fused_embeddings: LayerNorm((word[ids] + type[types]) + position[positions]).
KernelPipeline embeddingsKernel(const KernelSpec& k, const ScheduleParams* sp,
                                const Target& target) {
  const int64_t C = width(k.results[0]);
  const float eps = float(attr(k, "eps"));
  auto table = [&](const std::string& name, const Shape& s) {
    ImageParam p(Float(32), 2, name);
    p.dim(0).set_bounds(0, int(s[1]));
    p.dim(1).set_bounds(0, int(s[0])).set_stride(int(s[1]));
    return p;
  };
  ImageParam word = table("word", k.operands[0]), pos = table("position", k.operands[1]),
             type = table("token_type", k.operands[2]);
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
  Func out = normalizedRows(z, C, eps, gamma, beta, sp, target);

  constrainRowsOutput(out, C);
  return finish(out, {word, pos, type, ids, positions, types, gamma, beta});
}

// ---------------------------------------------------------------------------------------------
// packed_attention over ONE sequence of `seq_len` rows (the glue calls it per sequence with the
// buffers offset to the sequence's first row). qkv is viewed as (d, h3, t): h3 < A are the query
// heads, then the key heads, then the value heads; out is (d, h, t), i.e. [T, H].
KernelPipeline attentionKernel(const KernelSpec& k, const ScheduleParams* sp,
                               const Target& target) {
  const int A = int(attr(k, "num_heads"));
  const int64_t H = width(k.results[0]);
  const int D = int(H / A);
  const float scale = float(attr(k, "scale"));
  ImageParam qkv(Float(32), 3, "qkv");
  Param<int> seqLen("seq_len");
  Var d("d"), h("h"), i("i"), j("j");
  RDom rd(0, D, "rd");
  RDom rj(0, seqLen, "rj");

  // ---- algorithm ----
  Func kt("kt"); // K of head h, transposed: kt(j, d, h)
  kt(j, d, h) = qkv(d, A + h, j);
  Func sacc("sacc"); // raw scores Q_h K_h^T, accumulated in a register tile (schedule)
  sacc(j, i, h) = 0.0f;
  sacc(j, i, h) += qkv(rd, h, i) * kt(j, rd, h);
  Func s("s");
  s(j, i, h) = sacc(j, i, h);
  Func mx("mx");
  mx(i, h) = maximum(s(rj, i, h));
  Func e("e"); // softmax numerator of scale * scores
  e(j, i, h) = exp((s(j, i, h) - mx(i, h)) * scale);
  Func den("den");
  den(i, h) = 0.0f;
  den(i, h) += e(rj, i, h);
  Func ctx("ctx");
  ctx(d, i, h) = 0.0f;
  ctx(d, i, h) += e(rj, i, h) * qkv(d, 2 * A + h, rj);
  Func out("out");
  out(d, h, i) = ctx(d, i, h) / den(i, h);

  // ---- schedule ----
  const int V = vectorWidth(target);
  const int IB = sp ? sp->attentionRowTile : 0;
  Var io("io"), ii("ii");
  if (!sp) {
    // Left to the caller (bert-tune hands these to Halide's autoschedulers).
  } else {
    out.split(i, io, ii, IB, TailStrategy::RoundUp).reorder(d, ii, io, h).parallel(h);
    kt.compute_at(out, h);
    // Scores and numerators are stored per head (folded to one row tile by Halide), not per row
    // tile: a buffer whose size depends on seq_len is a heap allocation, and one per tile cost
    // more than the tile's arithmetic.
    s.store_at(out, h).compute_at(out, io);
    mx.compute_at(out, io);
    e.store_at(out, h).compute_at(out, io);
    den.compute_at(out, io);
    ctx.compute_at(out, io);
    if (D % V == 0) {
      out.vectorize(d, V);
      Var jt("jt"), dt("dt"), jx("jx"), dx("dx");
      kt.tile(j, d, jt, dt, jx, dx, V, V, TailStrategy::RoundUp).vectorize(jx).vectorize(dx);
      // Scores in register tiles of 32 keys x IB query rows; the context in one of D/V vectors x
      // IB rows: accumulators stay in registers instead of round-tripping through memory on
      // every multiply-add. 32 keys, not more: rounding the keys up reads past the sequence, and
      // the arena keeps 32 rows of slack for that (PlanBuffers).
      const int keyTile = std::max(V, 32);
      Var jo("jo"), ji("ji"), jv("jv"), dv("dv");
      s.split(j, jo, ji, keyTile, TailStrategy::RoundUp).reorder(ji, i, jo).vectorize(ji, V);
      sacc.compute_at(s, jo).split(j, jv, j, V).reorder(j, jv, i).vectorize(j).unroll(jv).unroll(i);
      sacc.update().split(j, jv, j, V).reorder(j, jv, i, rd).vectorize(j).unroll(jv).unroll(i);
      e.vectorize(j, V, TailStrategy::RoundUp);
      ctx.split(d, dv, d, V).reorder(d, dv, i).vectorize(d).unroll(dv).unroll(i);
      ctx.update().split(d, dv, d, V).reorder(d, dv, i, rj).vectorize(d).unroll(dv).unroll(i);
    } else if (const int lanes = lanesFor(D, V); lanes > 1) {
      out.vectorize(d, lanes);
      ctx.vectorize(d, lanes);
      ctx.update().reorder(d, i, rj).vectorize(d, lanes);
    }
  }

  qkv.dim(0).set_bounds(0, D);
  qkv.dim(1).set_bounds(0, 3 * A).set_stride(D);
  qkv.dim(2).set_min(0).set_stride(3 * A * D);
  out.output_buffer().dim(0).set_bounds(0, D);
  out.output_buffer().dim(1).set_bounds(0, A).set_stride(D);
  out.output_buffer().dim(2).set_min(0).set_stride(A * D);
  return finish(out, {qkv}, {seqLen});
}

// ---------------------------------------------------------------------------------------------
// Row-wise activations of head outputs and other elementwise kernels.
KernelPipeline elementwiseKernel(const KernelSpec& k, const ScheduleParams* sp,
                                 const Target& target) {
  const int64_t C = width(k.results[0]);
  ImageParam x = rowsParam("x", C), y = rowsParam("y", C);
  Var c("c"), t("t");
  RDom rc(0, int(C), "rc");
  Func out("out"), mx("mx"), den("den");
  std::vector<ImageParam> args = {x};
  if (k.kind == "sigmoid") {
    out(c, t) = 1.0f / (1.0f + exp(-x(c, t)));
  } else if (k.kind == "tanh") {
    out(c, t) = tanh(x(c, t));
  } else if (k.kind == "relu") {
    out(c, t) = max(x(c, t), 0.0f);
  } else if (k.kind == "gelu") {
    auto it = k.attributes.find("approximate");
    bool approx = it != k.attributes.end() && it->second == "tanh";
    out(c, t) = applyEpilogue(x(c, t), approx ? "gelu_tanh" : "gelu");
  } else if (k.kind == "add") {
    out(c, t) = x(c, t) + y(c, t);
    args.push_back(y);
  } else if (k.kind == "softmax") {
    mx(t) = maximum(x(rc, t));
    den(t) = sum(exp(x(rc, t) - mx(t)));
    out(c, t) = exp(x(c, t) - mx(t)) / den(t);
  } else {
    throw CompileError("no Halide pipeline for kernel kind '" + k.kind + "'");
  }
  Var to("to"), ti("ti");
  if (sp) {
    out.split(t, to, ti, sp->rowTile, TailStrategy::RoundUp).parallel(to);
    if (int lanes = lanesFor(C, vectorWidth(target)); lanes > 1)
      out.vectorize(c, lanes);
    if (k.kind == "softmax") { // the row's max and sum, once per row, next to the row
      mx.compute_at(out, ti);
      den.compute_at(out, ti);
    }
  }
  constrainRowsOutput(out, C);
  return finish(out, args);
}

// gather: out(c, t) = table(c, ids(t)).
KernelPipeline gatherKernel(const KernelSpec& k, const ScheduleParams* sp, const Target& target) {
  const Shape& s = k.operands[0];
  ImageParam table(Float(32), 2, "table");
  table.dim(0).set_bounds(0, int(s[1]));
  table.dim(1).set_bounds(0, int(s[0])).set_stride(int(s[1]));
  ImageParam ids = indexParam("ids");
  Var c("c"), t("t"), to("to"), ti("ti");
  Func out("out");
  out(c, t) = table(c, clamp(ids(t), 0, int(s[0]) - 1));
  if (sp) {
    out.split(t, to, ti, sp->rowTile, TailStrategy::RoundUp).parallel(to);
    if (int lanes = lanesFor(s[1], vectorWidth(target)); lanes > 1)
      out.vectorize(c, lanes);
  }
  constrainRowsOutput(out, s[1]);
  return finish(out, {table, ids});
}

// Bump a kind's version whenever its algorithm (not its schedule) changes.
// Kinds not listed are at version 1.
int algorithmVersion(const KernelSpec& kernel) {
  // dense 2: weights in load-time panels (weightPanel). dense/first_rows 3: the pooler too.
  // packed_attention 2: scores accumulated in a register-tile Func (sacc).
  static const std::map<std::string, int> versions = {
      {"dense", 2}, {"dense/first_rows", 3}, {"packed_attention", 2}};
  const bool firstRows = kernel.kind == "dense" && kernel.operands.size() == 4;
  auto it = versions.find(kernel.kind + (firstRows ? "/first_rows" : ""));
  return it == versions.end() ? 1 : it->second;
}

// nullptr: the algorithm only, for Halide's autoschedulers.
KernelPipeline buildPipeline(const KernelSpec& kernel, const ScheduleParams* schedule,
                             const Target& target) {
  if (kernel.kind == "dense")
    return denseKernel(kernel, schedule, target);
  if (kernel.kind == "layer_norm")
    return layerNormKernel(kernel, schedule, target);
  if (kernel.kind == "fused_embeddings")
    return embeddingsKernel(kernel, schedule, target);
  if (kernel.kind == "packed_attention")
    return attentionKernel(kernel, schedule, target);
  if (kernel.kind == "gather")
    return gatherKernel(kernel, schedule, target);
  return elementwiseKernel(kernel, schedule, target);
}

} // namespace

int weightPanel(const KernelSpec& kernel, size_t operand) {
  // Every dense whose width is a whole number of panels, the pooler included: its few rows would
  // otherwise read PyTorch's [N, K] layout with stride K across the vector lanes (gathers).
  constexpr int kPanel = 16;
  if (kernel.kind != "dense" || operand != 1)
    return 0;
  const int64_t N = kernel.operands[1][0];
  return N % kPanel == 0 ? kPanel : 0;
}

std::string kernelAlgorithmHash(const KernelSpec& kernel) {
  const uint64_t h = support::fnv1a64(kernel.kind + "/" + std::to_string(algorithmVersion(kernel)) +
                                      "|" + kernel.key);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

KernelPipeline buildKernelPipeline(const KernelSpec& kernel, const ScheduleParams& schedule,
                                   const Target& target) {
  return buildPipeline(kernel, &schedule, target);
}

KernelPipeline buildUnscheduledPipeline(const KernelSpec& kernel, const Target& target) {
  return buildPipeline(kernel, nullptr, target);
}

} // namespace bertc
