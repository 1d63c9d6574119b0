// AOT generator for the Halide-only prototype of one bert-base encoder layer.
//   gen OUT_DIR [TARGET]
// Writes one static library + header per kernel (target feature no_runtime), one standalone
// runtime (runtime.a) and kernels.inc, a registry the benchmark includes.
//
// Kernels (activations are token-major [T, C]; in Halide coordinates (c, t), c innermost):
//   dense_<layout>_<N>x<K>[_gelu]_<NB>x<TB>  out(n, t) = sum_k x(k, t) * W[n, k] + b(n) [then GELU
//   erf]
//     layouts of W (all store the same matrix W[n, k], n = output feature):
//       oi   as PyTorch stores it, [out, in]: w(k, n). Packed on the fly per n-block.
//       io   transposed, [in, out]: w(n, k).
//       p16  pre-packed panels [N/16][K][16]: w(n % 16, k, n / 16).
//       pnb  pre-packed panels as wide as the register tile, [N/NB][K][NB].
//   attention  qkv viewed as (d 64, h3 36, t), h3 = 0..11 Q heads, 12..23 K, 24..35 V (the fused
//              [T, 3H] buffer); out ctx viewed as (d 64, h 12, t) = [T, H].
//   layernorm  out(c, t) = LN(a(c, t) + r(c, t)) * gamma(c) + beta(c), eps 1e-12, C = 768.
#include "Halide.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace Halide;

namespace {

enum class Layout { OI, IO, P16, PNB };

const char* layout_name(Layout l) {
  switch (l) {
  case Layout::OI:
    return "oi";
  case Layout::IO:
    return "io";
  case Layout::P16:
    return "p16";
  case Layout::PNB:
    return "pnb";
  }
  return "?";
}

struct Dense {
  Layout layout;
  int N, K;
  bool gelu;
  int NB, TB; // register tile: NB outputs (multiple of 16) x TB tokens
  std::string name() const {
    return std::string("dense_") + layout_name(layout) + "_" + std::to_string(N) + "x" +
           std::to_string(K) + (gelu ? "_gelu" : "") + "_" + std::to_string(NB) + "x" +
           std::to_string(TB);
  }
};

constexpr int V = 16; // fp32 lanes of a zmm register

void build_dense(const Dense& c, const Target& target, const std::string& dir) {
  ImageParam x(Float(32), 2, "x"); // (k, t)
  const int wdims = (c.layout == Layout::P16 || c.layout == Layout::PNB) ? 3 : 2;
  ImageParam w(Float(32), wdims, "w");
  ImageParam b(Float(32), 1, "b");
  Var n("n"), t("t"), kv("kv");
  RDom k(0, c.K, "k");

  // ---- algorithm ----
  Func wt("wt"); // wt(n, k) = W[n, k], whatever the storage
  switch (c.layout) {
  case Layout::OI:
    wt(n, kv) = w(kv, n);
    break;
  case Layout::IO:
    wt(n, kv) = w(n, kv);
    break;
  case Layout::P16:
    wt(n, kv) = w(n % 16, kv, n / 16);
    break;
  case Layout::PNB:
    wt(n, kv) = w(n % c.NB, kv, n / c.NB);
    break;
  }
  Func acc("acc");
  acc(n, t) = 0.0f;
  acc(n, t) += x(k, t) * wt(n, k);
  Expr v = acc(n, t) + b(n);
  if (c.gelu)
    v = 0.5f * v * (1.0f + erf(v * 0.70710678118654752f));
  Func out("out");
  out(n, t) = v;

  // ---- schedule ----
  Var no("no"), ni("ni"), to("to"), ti("ti"), nv("nv");
  out.split(n, no, ni, c.NB)
      .split(t, to, ti, c.TB)
      .reorder(ni, ti, to, no)
      .vectorize(ni, V)
      .parallel(no);
  acc.compute_at(out, to).split(n, n, nv, V).reorder(nv, n, t).vectorize(nv).unroll(n).unroll(t);
  acc.update().split(n, n, nv, V).reorder(nv, n, t, k).vectorize(nv).unroll(n).unroll(t);
  if (c.layout == Layout::OI) {
    // Pack this thread's NB x K panel once per n-block (16-lane strided gathers), reuse for all
    // tokens: the cost of keeping the PyTorch layout.
    Var ko("ko"), ki("ki"), nvi("nvi"), nvo("nvo");
    wt.compute_at(out, no)
        .split(kv, ko, ki, V)
        .split(n, nvo, nvi, V)
        .reorder(nvi, ki, nvo, ko)
        .vectorize(nvi)
        .unroll(ki);
  }

  // ---- shapes known at compile time (as they will be in the code generator) ----
  x.dim(0).set_bounds(0, c.K);
  x.dim(1).set_min(0);
  b.dim(0).set_bounds(0, c.N);
  out.output_buffer().dim(0).set_bounds(0, c.N);
  out.output_buffer().dim(1).set_min(0);
  switch (c.layout) {
  case Layout::OI:
    w.dim(0).set_bounds(0, c.K);
    w.dim(1).set_bounds(0, c.N).set_stride(c.K);
    break;
  case Layout::IO:
    w.dim(0).set_bounds(0, c.N);
    w.dim(1).set_bounds(0, c.K).set_stride(c.N);
    break;
  case Layout::P16:
  case Layout::PNB: {
    const int P = c.layout == Layout::P16 ? 16 : c.NB;
    w.dim(0).set_bounds(0, P);
    w.dim(1).set_bounds(0, c.K).set_stride(P);
    w.dim(2).set_bounds(0, c.N / P).set_stride(P * c.K);
    break;
  }
  }
  x.dim(1).set_stride(c.K);
  // The output row stride stays free: three separate Q/K/V denses write column slices of the
  // fused [T, 3H] buffer (stride 3H).

  out.compile_to_static_library(dir + "/" + c.name(), {x, w, b}, c.name(), target);
}

void build_attention(const Target& target, const std::string& dir, int IB) {
  const int D = 64, A = 12;
  ImageParam qkv(Float(32), 3, "qkv"); // (d, h3, t)
  Var d("d"), h("h"), i("i"), j("j");
  Expr T = qkv.dim(2).extent();
  RDom rd(0, D, "rd");
  RDom rj(0, T, "rj");

  // ---- algorithm ----
  Func kt("kt"); // K of head h transposed: kt(j, d, h)
  kt(j, d, h) = qkv(d, A + h, j);
  Func sacc("sacc"); // raw scores Q_h K_h^T
  sacc(j, i, h) = 0.0f;
  sacc(j, i, h) += qkv(rd, h, i) * kt(j, rd, h);
  Func s("s");
  s(j, i, h) = sacc(j, i, h);
  Func mx("mx");
  mx(i, h) = maximum(s(rj, i, h));
  Func e("e");
  e(j, i, h) = exp((s(j, i, h) - mx(i, h)) * 0.125f); // softmax numerator, scale 1/sqrt(64)
  Func den("den");
  den(i, h) = 0.0f;
  den(i, h) += e(rj, i, h);
  Func ctx("ctx");
  ctx(d, i, h) = 0.0f;
  ctx(d, i, h) += e(rj, i, h) * qkv(d, 2 * A + h, rj);
  Func out("out"); // (d, h, t) view of [T, H]
  out(d, h, i) = ctx(d, i, h) / den(i, h);

  // ---- schedule ----
  Var io("io"), ii("ii"), jo("jo"), jv("jv"), ju("ju"), dv("dv"), du("du"), iu("iu"), iw("iw");
  out.split(i, io, ii, IB).reorder(d, ii, io, h).vectorize(d, V).parallel(h);
  // K_h^T (128 x 64, 32 KB) once per head: 16x16 blocks vectorized in both dimensions, which
  // Halide lowers to dense row loads + in-register shuffles instead of strided gathers.
  Var jt("jt"), dt("dt"), jx("jx"), dx("dx");
  kt.compute_at(out, h).tile(j, d, jt, dt, jx, dx, V, V).vectorize(jx).vectorize(dx);
  // Scores of IB rows x 128 keys; the 32-key x IB-row register tile (sacc, 16 zmm accumulators
  // for IB = 8) lives in a small stack buffer so LLVM keeps it in registers across d.
  s.compute_at(out, io).split(j, jo, jv, 2 * V).reorder(jv, i, jo).vectorize(jv, V);
  sacc.compute_at(s, jo).vectorize(j, V).unroll(j).unroll(i);
  sacc.update().split(j, ju, jv, V).reorder(jv, ju, i, rd).vectorize(jv).unroll(ju).unroll(i);
  mx.compute_at(out, io);
  e.compute_at(out, io).vectorize(j, V);
  den.compute_at(out, io);
  ctx.compute_at(out, io).vectorize(d, V);
  ctx.update()
      .split(d, du, dv, V)
      .split(i, iw, iu, 4)
      .reorder(dv, du, iu, rj, iw)
      .vectorize(dv)
      .unroll(du)
      .unroll(iu);

  qkv.dim(0).set_bounds(0, D);
  qkv.dim(1).set_bounds(0, 3 * A).set_stride(D);
  qkv.dim(2).set_min(0).set_stride(3 * A * D);
  out.output_buffer().dim(0).set_bounds(0, D);
  out.output_buffer().dim(1).set_bounds(0, A).set_stride(D);
  out.output_buffer().dim(2).set_min(0).set_stride(A * D);

  out.compile_to_static_library(dir + "/attention", {qkv}, "attention", target);
}

void build_layernorm(const Target& target, const std::string& dir) {
  const int C = 768;
  ImageParam a(Float(32), 2, "a"), r(Float(32), 2, "r");
  ImageParam g(Float(32), 1, "gamma"), be(Float(32), 1, "beta");
  Var c("c"), t("t"), u("u");
  RDom rc(0, C, "rc");

  // ---- algorithm ----
  Func sum_in("sum_in");
  sum_in(c, t) = a(c, t) + r(c, t);
  Func s1("s1");
  s1(t) = 0.0f;
  s1(t) += sum_in(rc, t);
  Expr mean = s1(t) / C;
  Func centered("centered");
  centered(c, t) = sum_in(c, t) - mean;
  Func s2("s2");
  s2(t) = 0.0f;
  s2(t) += centered(rc, t) * centered(rc, t);
  Func out("out");
  out(c, t) = centered(c, t) * (1.0f / sqrt(s2(t) / C + 1e-12f)) * g(c) + be(c);

  // ---- schedule ----
  Var to("to"), ti("ti");
  out.split(t, to, ti, 8).reorder(c, ti, to).parallel(to).vectorize(c, V);
  sum_in.compute_at(out, ti).vectorize(c, V);
  centered.compute_at(out, ti).vectorize(c, V);
  RVar rco("rco"), rci("rci");
  for (Func* f : {&s1, &s2}) {
    f->compute_at(out, ti);
    Func part = f->update().split(rc, rco, rci, V).rfactor(rci, u);
    part.compute_at(out, ti).vectorize(u);
    part.update().vectorize(u);
  }

  for (ImageParam* p : {&a, &r}) {
    p->dim(0).set_bounds(0, C);
    p->dim(1).set_min(0).set_stride(C);
  }
  g.dim(0).set_bounds(0, C);
  be.dim(0).set_bounds(0, C);
  out.output_buffer().dim(0).set_bounds(0, C);
  out.output_buffer().dim(1).set_min(0).set_stride(C);

  out.compile_to_static_library(dir + "/layernorm", {a, r, g, be}, "layernorm", target);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: gen OUT_DIR [TARGET]\n");
    return 2;
  }
  const std::string dir = argv[1];
  // Never the host target as-is: Halide 14 takes Zen 4/5 for Sapphire Rapids (VEX AVX-VNNI).
  const std::string tstr = argc > 2 ? argv[2] : "x86-64-linux-avx512_skylake";
  const Target target = Target(tstr).with_feature(Target::NoRuntime);

  std::vector<Dense> denses;
  // The four layouts at the default register tile (48 outputs x 8 tokens: 24 zmm accumulators).
  for (Layout l : {Layout::OI, Layout::IO, Layout::P16, Layout::PNB}) {
    denses.push_back({l, 2304, 768, false, 48, 8}); // fused QKV
    denses.push_back({l, 768, 768, false, 48, 8});  // Q, K, V apart; attention output
    denses.push_back({l, 3072, 768, true, 48, 8});  // FFN up + GELU
    denses.push_back({l, 768, 3072, false, 48, 8}); // FFN down
  }
  // Register-tile alternatives for the packed layout.
  for (auto [nb, tb] : std::vector<std::pair<int, int>>{{64, 4}, {32, 8}, {64, 6}, {32, 12}}) {
    for (Layout l : {Layout::PNB}) {
      denses.push_back({l, 2304, 768, false, nb, tb});
      denses.push_back({l, 768, 768, false, nb, tb});
      denses.push_back({l, 3072, 768, true, nb, tb});
      denses.push_back({l, 768, 3072, false, nb, tb});
    }
  }

  std::ofstream reg(dir + "/kernels.inc");
  try {
    for (const Dense& c : denses) {
      if (c.N % c.NB)
        continue;
      build_dense(c, target, dir);
      reg << "DENSE(" << c.name() << ", \"" << layout_name(c.layout) << "\", " << c.N << ", " << c.K
          << ", " << (c.gelu ? 1 : 0) << ", " << c.NB << ", " << c.TB << ")\n";
      fprintf(stderr, "built %s\n", c.name().c_str());
    }
    build_attention(target, dir, 8);
    build_layernorm(target, dir);
    compile_standalone_runtime(dir + "/runtime.a", Target(tstr));
  } catch (const Halide::Error& e) {
    fprintf(stderr, "Halide error: %s\n", e.what());
    return 1;
  }
  return 0;
}
