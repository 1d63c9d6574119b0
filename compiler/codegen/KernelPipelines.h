// One Halide pipeline per kernel kind, written as Halide's own apps are: the algorithm first,
// then its schedule, whose parameters come from a ScheduleParams value (schedules are data).
//
// Layout conventions. Row tensors [rows, C] are Halide buffers (c, row): c innermost, stride C.
// Linear weights keep PyTorch's [N, K] layout: Halide (k, n). Row counts are dynamic; every
// other extent is fixed at code-generation time from the manifest.
#pragma once

#include "codegen/ScheduleParams.h"
#include "manifest/KernelManifest.h"

#include <Halide.h>
#include <vector>

namespace bertc {

struct KernelPipeline {
  Halide::Pipeline pipeline;
  std::vector<Halide::Argument> arguments; // manifest operand order; the output is appended
};

// Builds the pipeline of `kernel` for `target` (vector widths follow the target). Throws
// Halide::CompileError for kinds it does not know.
KernelPipeline buildKernelPipeline(const KernelSpec& kernel, const ScheduleParams& schedule,
                                   const Halide::Target& target);

} // namespace bertc
