// The registry of kernel kinds: which kind computes each op of the manifest. To add a kind, write
// <Kind>.cpp beside this file (docs/architecture.md) and list it here.
#include "codegen/kernels/KernelKind.h"
#include "support/Hash.h"

#include <algorithm>
#include <cstdio>

namespace bertc {

namespace kernels {
const KernelKind& addKernelKind();
const KernelKind& denseKernelKind();
const KernelKind& fusedEmbeddingsKernelKind();
const KernelKind& gatherKernelKind();
const KernelKind& geluKernelKind();
const KernelKind& layerNormKernelKind();
const KernelKind& packedAttentionKernelKind();
const KernelKind& reluKernelKind();
const KernelKind& sigmoidKernelKind();
const KernelKind& softmaxKernelKind();
const KernelKind& tanhKernelKind();
} // namespace kernels

namespace {

const std::vector<const KernelKind*>& registry() {
  using namespace kernels;
  static const std::vector<const KernelKind*> kinds = {&addKernelKind(),
                                                       &denseKernelKind(),
                                                       &fusedEmbeddingsKernelKind(),
                                                       &gatherKernelKind(),
                                                       &geluKernelKind(),
                                                       &layerNormKernelKind(),
                                                       &packedAttentionKernelKind(),
                                                       &reluKernelKind(),
                                                       &sigmoidKernelKind(),
                                                       &softmaxKernelKind(),
                                                       &tanhKernelKind()};
  return kinds;
}

} // namespace

std::vector<SearchField> KernelKind::searchFields(const KernelSpec& /*kernel*/,
                                                  const std::string& /*target*/) const {
  return {{findScheduleField("row_tile"), {1, 2, 4, 8, 16}}};
}

std::string KernelKind::describeSchedule(const ScheduleParams& p) const {
  return "rows " + std::to_string(p.rowTile);
}

std::map<std::string, int> KernelKind::readSchedule(const ScheduleReading& schedule) const {
  if (!schedule.scheduled("out"))
    return {};
  return {{"row_tile", std::max(schedule.widestSplit("out", "t"), 1)}};
}

const KernelKind& kernelKindOf(const KernelSpec& kernel) {
  for (const KernelKind* kind : registry())
    if (kind->op() == kernel.op)
      return *kind;
  throw Halide::CompileError(std::string("no Halide pipeline for kernel kind '") +
                             kernelOpName(kernel.op) + "'");
}

std::string kernelAlgorithmHash(const KernelSpec& kernel) {
  const uint64_t h = support::fnv1a64(
      kernelOpName(kernel.op) + std::string("/") +
      std::to_string(kernelKindOf(kernel).algorithmVersion(kernel)) + "|" + kernel.key);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

int weightPanel(const KernelSpec& kernel, size_t operand) {
  return kernelKindOf(kernel).weightPanel(kernel, operand);
}

std::vector<int> weightFormats(const KernelSpec& kernel, size_t operand) {
  return kernelKindOf(kernel).weightFormats(kernel, operand);
}

int rowSlack(const KernelSpec& kernel) {
  return kernelKindOf(kernel).rowSlack(kernel);
}

KernelPipeline buildKernelPipeline(const KernelSpec& kernel, const ScheduleParams& schedule,
                                   const Halide::Target& target) {
  return kernelKindOf(kernel).build(kernel, &schedule, target);
}

KernelPipeline buildUnscheduledPipeline(const KernelSpec& kernel, const Halide::Target& target) {
  return kernelKindOf(kernel).build(kernel, nullptr, target);
}

} // namespace bertc
