// Runs the AOT-compiled Halide kernels as one bert-base encoder layer (batch 1, packed tokens,
// fp32) in each weight layout, checks the output, and times the layer and each kernel.
//   bench DATA_DIR ITERS [--check] [--kernels] [--only VARIANT]
// One JSON line per variant on stdout:
//   {"variant":..., "layer_ms":median, "layer_ms_all":[...],
//   "kernels":{name:{"ms":..,"gflops":..}},
//    "max_abs_diff_torch":..., "max_abs_diff_ref":...}
#include "HalideBuffer.h"
#include "HalideRuntime.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using Halide::Runtime::Buffer;
typedef int (*DenseFn)(halide_buffer_t*, halide_buffer_t*, halide_buffer_t*, halide_buffer_t*);

#define DENSE(name, layout, N, K, gelu, NB, TB)                                                    \
  extern "C" int name(halide_buffer_t*, halide_buffer_t*, halide_buffer_t*, halide_buffer_t*);
#include "kernels.inc"
#undef DENSE
extern "C" int attention(halide_buffer_t* qkv, halide_buffer_t* out);
extern "C" int layernorm(halide_buffer_t* a, halide_buffer_t* r, halide_buffer_t* g,
                         halide_buffer_t* b, halide_buffer_t* out);

namespace {

constexpr int H = 768, I = 3072, A = 12, D = 64;

struct DenseKernel {
  const char* name;
  DenseFn fn;
  std::string layout;
  int N, K, gelu, NB, TB;
};
const std::vector<DenseKernel> kDense = {
#define DENSE(name, layout, N, K, gelu, NB, TB) {#name, name, layout, N, K, gelu, NB, TB},
#include "kernels.inc"
#undef DENSE
};

const DenseKernel& find_dense(const std::string& layout, int N, int K, int gelu, int NB, int TB) {
  for (const auto& k : kDense)
    if (k.layout == layout && k.N == N && k.K == K && k.gelu == gelu && k.NB == NB && k.TB == TB)
      return k;
  throw std::runtime_error("no kernel " + layout + " " + std::to_string(N) + "x" +
                           std::to_string(K));
}

std::vector<float> load(const std::string& path, size_t n) {
  std::vector<float> v(n);
  FILE* f = fopen(path.c_str(), "rb");
  if (!f || fread(v.data(), sizeof(float), n, f) != n)
    throw std::runtime_error("cannot read " + path);
  fclose(f);
  return v;
}

void check(int rc, const char* what) {
  if (rc != 0)
    throw std::runtime_error(std::string("halide error in ") + what);
}

// Layer 0 weights as PyTorch stores them: Linear weight [out, in] row-major.
struct Weights {
  std::vector<float> wq, wk, wv, wo, w1, w2, bq, bk, bv, bo, b1, b2, g1, be1, g2, be2;
};

// W [N][K] row-major -> a Halide buffer in the given layout (see gen.cpp).
Buffer<float> layout_weight(const float* W, int N, int K, const std::string& layout, int NB) {
  if (layout == "oi") {
    Buffer<float> b(K, N);
    memcpy(b.data(), W, sizeof(float) * N * K);
    return b;
  }
  if (layout == "io") {
    Buffer<float> b(N, K);
    for (int n = 0; n < N; n++)
      for (int k = 0; k < K; k++)
        b(n, k) = W[(size_t)n * K + k];
    return b;
  }
  const int P = layout == "p16" ? 16 : NB;
  Buffer<float> b(P, K, N / P);
  for (int n = 0; n < N; n++)
    for (int k = 0; k < K; k++)
      b(n % P, k, n / P) = W[(size_t)n * K + k];
  return b;
}

Buffer<float> vec_buffer(const std::vector<float>& v) {
  Buffer<float> b((int)v.size());
  memcpy(b.data(), v.data(), sizeof(float) * v.size());
  return b;
}

struct Variant {
  std::string name, layout;
  bool fused;
  int NB, TB;
};

struct DenseCall {
  const DenseKernel* k;
  Buffer<float> w, b;
  double flops;
};

struct Layer {
  int T;
  bool fused;
  DenseCall qkv, q, k, v, o, f1, f2;
  Buffer<float> g1, be1, g2, be2;
  // Arena of intermediates (one allocation in the real runtime; separate buffers here).
  Buffer<float> x, qkvbuf, ctx, ao, a1, inter, f2o, y;
  Buffer<float> qkv3, ctx3, qv, kv, vv; // views

  Layer(const Weights& W, const Variant& var, const std::vector<float>& xin, int T_)
      : T(T_), fused(var.fused) {
    auto mk = [&](const std::vector<float>& w, const std::vector<float>& b, int N, int K,
                  int gelu) {
      DenseCall c;
      c.k = &find_dense(var.layout, N, K, gelu, var.NB, var.TB);
      c.w = layout_weight(w.data(), N, K, var.layout, var.NB);
      c.b = vec_buffer(b);
      c.flops = 2.0 * N * K * T;
      return c;
    };
    if (fused) {
      std::vector<float> wqkv, bqkv;
      for (auto* p : {&W.wq, &W.wk, &W.wv})
        wqkv.insert(wqkv.end(), p->begin(), p->end());
      for (auto* p : {&W.bq, &W.bk, &W.bv})
        bqkv.insert(bqkv.end(), p->begin(), p->end());
      qkv = mk(wqkv, bqkv, 3 * H, H, 0);
    } else {
      q = mk(W.wq, W.bq, H, H, 0);
      k = mk(W.wk, W.bk, H, H, 0);
      v = mk(W.wv, W.bv, H, H, 0);
    }
    o = mk(W.wo, W.bo, H, H, 0);
    f1 = mk(W.w1, W.b1, I, H, 1);
    f2 = mk(W.w2, W.b2, H, I, 0);
    g1 = vec_buffer(W.g1), be1 = vec_buffer(W.be1), g2 = vec_buffer(W.g2), be2 = vec_buffer(W.be2);
    x = Buffer<float>(H, T);
    memcpy(x.data(), xin.data(), sizeof(float) * H * T);
    qkvbuf = Buffer<float>(3 * H, T);
    ctx = Buffer<float>(H, T);
    ao = Buffer<float>(H, T);
    a1 = Buffer<float>(H, T);
    inter = Buffer<float>(I, T);
    f2o = Buffer<float>(H, T);
    y = Buffer<float>(H, T);
    // Views: fused QKV as (d, h3, t); ctx as (d, h, t); column slices for separate Q/K/V denses.
    halide_dimension_t q3[3] = {{0, D, 1}, {0, 3 * A, D}, {0, T, 3 * H}};
    qkv3 = Buffer<float>(qkvbuf.data(), 3, q3);
    halide_dimension_t c3[3] = {{0, D, 1}, {0, A, D}, {0, T, H}};
    ctx3 = Buffer<float>(ctx.data(), 3, c3);
    halide_dimension_t sl[2] = {{0, H, 1}, {0, T, 3 * H}};
    qv = Buffer<float>(qkvbuf.data(), 2, sl);
    kv = Buffer<float>(qkvbuf.data() + H, 2, sl);
    vv = Buffer<float>(qkvbuf.data() + 2 * H, 2, sl);
  }

  static void dense(DenseCall& c, Buffer<float>& in, Buffer<float>& out) {
    check(c.k->fn(in.raw_buffer(), c.w.raw_buffer(), c.b.raw_buffer(), out.raw_buffer()),
          c.k->name);
  }

  // The kernels in order, as the C++ glue of the code generator would call them.
  std::vector<std::pair<std::string, std::function<void()>>> steps() {
    std::vector<std::pair<std::string, std::function<void()>>> s;
    if (fused) {
      s.push_back({"qkv_dense", [this] { dense(qkv, x, qkvbuf); }});
    } else {
      s.push_back({"q_dense", [this] { dense(q, x, qv); }});
      s.push_back({"k_dense", [this] { dense(k, x, kv); }});
      s.push_back({"v_dense", [this] { dense(v, x, vv); }});
    }
    s.push_back({"attention",
                 [this] { check(attention(qkv3.raw_buffer(), ctx3.raw_buffer()), "attention"); }});
    s.push_back({"out_dense", [this] { dense(o, ctx, ao); }});
    s.push_back({"layernorm1", [this] {
                   check(layernorm(ao.raw_buffer(), x.raw_buffer(), g1.raw_buffer(),
                                   be1.raw_buffer(), a1.raw_buffer()),
                         "ln1");
                 }});
    s.push_back({"ffn1_dense_gelu", [this] { dense(f1, a1, inter); }});
    s.push_back({"ffn2_dense", [this] { dense(f2, inter, f2o); }});
    s.push_back({"layernorm2", [this] {
                   check(layernorm(f2o.raw_buffer(), a1.raw_buffer(), g2.raw_buffer(),
                                   be2.raw_buffer(), y.raw_buffer()),
                         "ln2");
                 }});
    return s;
  }

  double kernel_flops(const std::string& n) const {
    if (n == "qkv_dense")
      return qkv.flops;
    if (n == "q_dense" || n == "k_dense" || n == "v_dense")
      return q.flops;
    if (n == "out_dense")
      return o.flops;
    if (n == "ffn1_dense_gelu")
      return f1.flops;
    if (n == "ffn2_dense")
      return f2.flops;
    if (n == "attention")
      return 2.0 * 2.0 * T * T * D * A; // QK^T and PV
    return 0;
  }
};

// Straightforward reference (double accumulation) of HF BertLayer.
std::vector<float> reference_layer(const Weights& W, const std::vector<float>& x, int T) {
  auto linear = [&](const std::vector<double>& in, int K, const std::vector<float>& w,
                    const std::vector<float>& b, int N) {
    std::vector<double> out((size_t)T * N);
    for (int t = 0; t < T; t++)
      for (int n = 0; n < N; n++) {
        double s = b[n];
        const float* wr = &w[(size_t)n * K];
        const double* ir = &in[(size_t)t * K];
        for (int k = 0; k < K; k++)
          s += ir[k] * wr[k];
        out[(size_t)t * N + n] = s;
      }
    return out;
  };
  auto layernorm_ref = [&](std::vector<double> v, const std::vector<float>& g,
                           const std::vector<float>& b) {
    for (int t = 0; t < T; t++) {
      double *r = &v[(size_t)t * H], m = 0, var = 0;
      for (int c = 0; c < H; c++)
        m += r[c];
      m /= H;
      for (int c = 0; c < H; c++)
        var += (r[c] - m) * (r[c] - m);
      var /= H;
      for (int c = 0; c < H; c++)
        r[c] = (r[c] - m) / std::sqrt(var + 1e-12) * g[c] + b[c];
    }
    return v;
  };
  std::vector<double> xd(x.begin(), x.end());
  auto q = linear(xd, H, W.wq, W.bq, H), k = linear(xd, H, W.wk, W.bk, H),
       v = linear(xd, H, W.wv, W.bv, H);
  std::vector<double> ctx((size_t)T * H);
  std::vector<double> p(T);
  for (int h = 0; h < A; h++)
    for (int i = 0; i < T; i++) {
      double mx = -1e300;
      for (int j = 0; j < T; j++) {
        double s = 0;
        for (int d = 0; d < D; d++)
          s += q[(size_t)i * H + h * D + d] * k[(size_t)j * H + h * D + d];
        p[j] = s / 8.0; // + key mask: all tokens real
        mx = std::max(mx, p[j]);
      }
      double den = 0;
      for (int j = 0; j < T; j++)
        den += (p[j] = std::exp(p[j] - mx));
      for (int d = 0; d < D; d++) {
        double s = 0;
        for (int j = 0; j < T; j++)
          s += p[j] * v[(size_t)j * H + h * D + d];
        ctx[(size_t)i * H + h * D + d] = s / den;
      }
    }
  auto ao = linear(ctx, H, W.wo, W.bo, H);
  for (size_t i = 0; i < ao.size(); i++)
    ao[i] += xd[i];
  auto a1 = layernorm_ref(ao, W.g1, W.be1);
  auto inter = linear(a1, H, W.w1, W.b1, I);
  for (double& u : inter)
    u = 0.5 * u * (1.0 + std::erf(u / std::sqrt(2.0)));
  auto f2 = linear(inter, I, W.w2, W.b2, H);
  for (size_t i = 0; i < f2.size(); i++)
    f2[i] += a1[i];
  auto y = layernorm_ref(f2, W.g2, W.be2);
  return std::vector<float>(y.begin(), y.end());
}

double now_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double max_abs_diff(const float* a, const float* b, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; i++)
    m = std::max(m, (double)std::fabs(a[i] - b[i]));
  return m;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench DATA_DIR ITERS [--check] [--kernels] [--only VARIANT]\n");
    return 2;
  }
  const std::string dir = std::string(argv[1]) + "/layer0/";
  const int iters = atoi(argv[2]);
  bool do_check = false, do_kernels = false;
  std::string only;
  for (int i = 3; i < argc; i++) {
    if (!strcmp(argv[i], "--check"))
      do_check = true;
    else if (!strcmp(argv[i], "--kernels"))
      do_kernels = true;
    else if (!strcmp(argv[i], "--only") && i + 1 < argc)
      only = argv[++i];
  }
  const int threads = getenv("HL_NUM_THREADS") ? atoi(getenv("HL_NUM_THREADS")) : 2;
  halide_set_num_threads(threads);

  const int T = 128;
  try {
    Weights W;
    W.wq = load(dir + "w_q.bin", H * H);
    W.bq = load(dir + "b_q.bin", H);
    W.wk = load(dir + "w_k.bin", H * H);
    W.bk = load(dir + "b_k.bin", H);
    W.wv = load(dir + "w_v.bin", H * H);
    W.bv = load(dir + "b_v.bin", H);
    W.wo = load(dir + "w_o.bin", H * H);
    W.bo = load(dir + "b_o.bin", H);
    W.w1 = load(dir + "w_ffn1.bin", I * H);
    W.b1 = load(dir + "b_ffn1.bin", I);
    W.w2 = load(dir + "w_ffn2.bin", H * I);
    W.b2 = load(dir + "b_ffn2.bin", H);
    W.g1 = load(dir + "g_ln1.bin", H);
    W.be1 = load(dir + "b_ln1.bin", H);
    W.g2 = load(dir + "g_ln2.bin", H);
    W.be2 = load(dir + "b_ln2.bin", H);
    const std::vector<float> x = load(dir + "x.bin", (size_t)T * H);
    const std::vector<float> y_torch = load(dir + "y_torch.bin", (size_t)T * H);
    std::vector<float> y_ref;
    if (do_check) {
      y_ref = reference_layer(W, x, T);
      fprintf(stderr, "reference vs torch: max abs diff %.3g\n",
              max_abs_diff(y_ref.data(), y_torch.data(), y_ref.size()));
    }

    const std::vector<Variant> variants = {
        {"oi_fused_48x8", "oi", true, 48, 8},     {"io_fused_48x8", "io", true, 48, 8},
        {"p16_fused_48x8", "p16", true, 48, 8},   {"pnb_fused_48x8", "pnb", true, 48, 8},
        {"pnb_3dense_48x8", "pnb", false, 48, 8}, {"io_3dense_48x8", "io", false, 48, 8},
        {"pnb_fused_64x4", "pnb", true, 64, 4},   {"pnb_fused_32x8", "pnb", true, 32, 8},
        {"pnb_fused_64x6", "pnb", true, 64, 6},   {"pnb_fused_32x12", "pnb", true, 32, 12},
    };
    for (const Variant& var : variants) {
      if (!only.empty() && only != var.name)
        continue;
      Layer layer(W, var, x, T);
      auto steps = layer.steps();
      auto run = [&] {
        for (auto& s : steps)
          s.second();
      };
      run();
      const double d_torch = max_abs_diff(layer.y.data(), y_torch.data(), y_torch.size());
      const double d_ref = do_check ? max_abs_diff(layer.y.data(), y_ref.data(), y_ref.size()) : -1;
      for (int i = 0; i < 2; i++)
        run();
      std::vector<double> ms;
      for (int i = 0; i < iters; i++) {
        double t0 = now_ms();
        run();
        ms.push_back(now_ms() - t0);
      }
      std::string kj;
      if (do_kernels) {
        for (auto& s : steps) {
          std::vector<double> km;
          for (int i = 0; i < std::max(iters, 5); i++) {
            double t0 = now_ms();
            s.second();
            km.push_back(now_ms() - t0);
          }
          const double m = median(km), fl = layer.kernel_flops(s.first);
          char buf[200];
          snprintf(buf, sizeof buf, "%s\"%s\":{\"ms\":%.4f,\"gflops\":%.1f}", kj.empty() ? "" : ",",
                   s.first.c_str(), m, fl > 0 ? fl / m / 1e6 : 0.0);
          kj += buf;
        }
      }
      printf("{\"variant\":\"%s\",\"layer_ms\":%.4f,\"layer_ms_all\":[", var.name.c_str(),
             median(ms));
      for (size_t i = 0; i < ms.size(); i++)
        printf("%s%.4f", i ? "," : "", ms[i]);
      printf("],\"kernels\":{%s},\"max_abs_diff_torch\":%.3g,\"max_abs_diff_ref\":%.3g}\n",
             kj.c_str(), d_torch, d_ref);
      fflush(stdout);
    }
  } catch (const std::exception& e) {
    fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
