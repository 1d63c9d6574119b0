// What the kernel tests share: tests/reference/quantized_dense.py's files (numpy's inputs and
// outputs, written once per test run), which instruction sets this CPU runs, and weights-set
// tensors viewed as Halide buffers.
#pragma once

#include "codegen/KernelCompiler.h"
#include "codegen/kernels/KernelKind.h"
#include "weights/WeightSet.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace bertc::test {

// Input rows of the reference's dense and attention cases: not a multiple of any row tile.
constexpr int kRows = 37;

// The reference's file `name` (dense.safetensors, attention.safetensors).
inline std::string referenceFile(const std::string& name) {
  static const std::string dir = [] {
    const std::string out = ::testing::TempDir() + "quantized_dense";
    const std::string command = std::string(BERTC_PYTHON) + " " + BERTC_REFERENCE_DIR +
                                "/quantized_dense.py --out " + out + " --rows " +
                                std::to_string(kRows) + " --k 70 --n 72";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("failed: " + command);
    return out;
  }();
  return dir + "/" + name;
}

// Whether this CPU runs code for the target (bertc's runtime makes the same checks in Isa.cpp).
inline bool cpuRuns(const std::string& isa) {
  if (isa == "avx512_vnni" || isa == "avx512_bf16")
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vbmi") &&
           __builtin_cpu_supports("avx512ifma") && __builtin_cpu_supports("avx512vnni") &&
           (isa == "avx512_vnni" || __builtin_cpu_supports("avx512bf16"));
  if (isa == "avx512")
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  if (isa == "avx2")
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return __builtin_cpu_supports("sse4.1");
}

// Builds `spec` with its default schedule for each target of its precision this CPU runs and
// calls run(pipeline, target) under a trace naming the instruction set; returns how many ran.
template <class Run> int forEachTargetThisCpuRuns(const KernelSpec& spec, Run run) {
  int ran = 0;
  for (const std::string& name : defaultHalideTargets(spec.precision)) {
    const std::string isa = isaOfTarget(name, spec.precision);
    if (!cpuRuns(isa))
      continue;
    SCOPED_TRACE(isa);
    const Halide::Target target(name);
    KernelPipeline p = buildKernelPipeline(spec, defaultSchedule(spec, name), target);
    run(p, target);
    ++ran;
  }
  return ran;
}

// The largest |got(t, c) - want(t, c)| over `rows` x `cols`, relative to the largest |want| of
// its row (at least 1e-3): f32 rounding (an FMA here, a separate multiply there) moves outputs
// near zero by more than their own size allows.
template <class Got, class Want>
double worstRowRelativeError(int rows, int cols, Got got, Want want) {
  double worst = 0;
  for (int t = 0; t < rows; ++t) {
    double rowMax = 1e-3;
    for (int c = 0; c < cols; ++c)
      rowMax = std::max(rowMax, std::abs(double(want(t, c))));
    for (int c = 0; c < cols; ++c)
      worst = std::max(worst, std::abs(double(got(t, c)) - double(want(t, c))) / rowMax);
  }
  return worst;
}

inline Halide::Buffer<> view(const weights::Tensor& t, Halide::Type type) {
  std::vector<halide_dimension_t> dims;
  int32_t stride = 1;
  for (size_t d = t.shape.size(); d-- > 0;) {
    dims.push_back({0, int32_t(t.shape[d]), stride, 0});
    stride *= int32_t(t.shape[d]);
  }
  return Halide::Buffer<>(type, const_cast<float*>(t.data), int(dims.size()), dims.data());
}

} // namespace bertc::test
