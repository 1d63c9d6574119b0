#include "codegen/kernels/HalideParts.h"

#include <cmath>
#include <cstdlib>
#include <iterator>
#include <stdexcept>

namespace bertc::kernels {

using namespace Halide;

int vectorWidth(const Target& target) {
  return vectorLanes(target.to_string()); // one rule with the schedules' defaults
}

int lanesFor(int64_t n, int v) {
  for (int lanes = v; lanes >= 4; lanes /= 2)
    if (n % lanes == 0)
      return lanes;
  return 1;
}

double numberAttribute(const KernelSpec& k, const std::string& name) {
  try {
    return k.attribute(name);
  } catch (const std::out_of_range& e) { // as Halide's own errors, which code generation catches
    throw CompileError(e.what());
  }
}

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

ImageParam tableParam(const std::string& name, const Shape& shape) {
  ImageParam p(Float(32), 2, name);
  p.dim(0).set_bounds(0, int(shape[1]));
  p.dim(1).set_bounds(0, int(shape[0])).set_stride(int(shape[1]));
  return p;
}

ImageParam linearWeightParam(const std::string& name, int64_t n, int64_t k) {
  ImageParam p(Float(32), 2, name);
  p.dim(0).set_bounds(0, int(k));
  p.dim(1).set_bounds(0, int(n)).set_stride(int(k));
  return p;
}

ImageParam panelWeightParam(const std::string& name, int64_t n, int64_t k, int panel) {
  ImageParam p(Float(32), 3, name);
  p.dim(0).set_bounds(0, panel);
  p.dim(1).set_bounds(0, int(k)).set_stride(panel);
  p.dim(2).set_bounds(0, int((n + panel - 1) / panel)).set_stride(panel * int(k));
  return p;
}

ImageParam indexParam(const std::string& name) {
  ImageParam p(Int(32), 1, name);
  p.dim(0).set_min(0);
  return p;
}

void constrainRowsOutput(Func out, int64_t c) {
  out.output_buffer().dim(0).set_bounds(0, int(c));
  out.output_buffer().dim(1).set_min(0).set_stride(int(c));
}

KernelPipeline finish(Func out, const std::vector<ImageParam>& buffers,
                      const std::vector<Param<int>>& scalars) {
  KernelPipeline p{Pipeline(out), {}, buffers, scalars};
  for (const ImageParam& b : buffers)
    p.arguments.push_back(b);
  for (const Param<int>& s : scalars)
    p.arguments.push_back(s);
  return p;
}

Expr isNaN(Expr x) {
  return (reinterpret<uint32_t>(x) & Expr(0x7fffffffu)) > Expr(0x7f800000u);
}

Expr expOfAnyArgument(Expr x) {
  // exp(89) is inf and exp(-104) is 0 in f32. Halide's exp of NaN is finite.
  return select(isNaN(x), x, exp(clamp(x, -104.0f, 89.0f)));
}

Expr vectorTanh(Expr x) {
  // Cephes' tanhf: an odd polynomial below 0.625 (1 - 2 / (e^2|x| + 1) loses the low bits of
  // small values there), the exponential form above it.
  const float odd[] = {-5.70498872745e-3f, 2.06390887954e-2f, -5.37397155531e-2f, 1.33314422036e-1f,
                       -3.33332819422e-1f};
  Expr a = abs(x), z = x * x, p = odd[0];
  for (size_t i = 1; i < std::size(odd); ++i)
    p = p * z + odd[i];
  Expr small = p * z * x + x;
  Expr large = 1.0f - 2.0f / (expOfAnyArgument(2.0f * a) + 1.0f);
  return select(isNaN(x), x, select(a < 0.625f, small, select(x < 0.0f, -large, large)));
}

Expr applyEpilogue(Expr v, Activation activation) {
  switch (activation) {
  case Activation::Gelu:
    return 0.5f * v * (1.0f + erf(v * float(M_SQRT1_2)));
  case Activation::GeluTanh:
    return 0.5f * v *
           (1.0f + vectorTanh(float(std::sqrt(2.0 / M_PI)) * (v + 0.044715f * v * v * v)));
  case Activation::Relu:
    return max(v, 0.0f);
  case Activation::Tanh:
    return vectorTanh(v);
  case Activation::None:
    break;
  }
  return v;
}

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

Var scheduleRowTiles(Func out, int64_t C, const ScheduleParams& sp, const Target& target) {
  Var c = out.args()[0], t = out.args()[1], to("to"), ti("ti");
  out.split(t, to, ti, sp.rowTile, TailStrategy::RoundUp).parallel(to);
  if (int lanes = lanesFor(C, vectorWidth(target)); lanes > 1)
    out.vectorize(c, lanes);
  return ti;
}

} // namespace bertc::kernels
