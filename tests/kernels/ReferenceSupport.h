// What the kernel tests share: tests/reference/quantized_dense.py's files (numpy's inputs and
// outputs, written once per test run), which instruction sets this CPU runs, and weights-set
// tensors viewed as Halide buffers.
#pragma once

#include "codegen/KernelCompiler.h"
#include "codegen/kernels/KernelKind.h"
#include "weights/WeightSet.h"

#include <cstdlib>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace bertc::test {

// Input rows of the reference's dense and attention cases: not a multiple of any row tile.
constexpr int kRows = 37;

// OUT/dense.safetensors; attention.safetensors lies beside it.
inline const std::string& referenceFile() {
  static const std::string file = [] {
    const std::string dir = ::testing::TempDir() + "quantized_dense";
    const std::string command = std::string(BERTC_PYTHON) + " " + BERTC_REFERENCE_DIR +
                                "/quantized_dense.py --out " + dir + " --rows " +
                                std::to_string(kRows) + " --k 70 --n 72";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("failed: " + command);
    return dir + "/dense.safetensors";
  }();
  return file;
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
