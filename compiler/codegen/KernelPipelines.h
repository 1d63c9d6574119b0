// One Halide pipeline per kernel kind, written as Halide's own apps are: the algorithm first,
// then its schedule, whose parameters come from a ScheduleParams value (schedules are data).
//
// Layout conventions. Row tensors [rows, C] are Halide buffers (c, row): c innermost, stride C.
// Linear weights keep PyTorch's [N, K] layout, Halide (k, n), unless weightPanel() says that the
// runtime packs them into panels at load. Row counts are dynamic; every
// other extent is fixed at code-generation time from the manifest.
#pragma once

#include "manifest/KernelManifest.h"
#include "schedules/ScheduleParams.h"

#include <Halide.h>
#include <string>
#include <vector>

namespace bertc {

struct KernelPipeline {
  Halide::Pipeline pipeline;
  std::vector<Halide::Argument> arguments; // manifest operand order; the output is appended
  // The same inputs as handles, buffers then scalars as in `arguments`: bert-tune binds them to
  // buffers for JIT runs and gives the autoschedulers their size estimates.
  std::vector<Halide::ImageParam> buffers;
  std::vector<Halide::Param<int>> scalars;
};

// A hash of the algorithm `kernel` compiles to: its key and the version of its kind's algorithm
// code below. Schedule entries are pinned to it, so editing an algorithm (and bumping its
// version) marks every entry tuned for the old one as stale.
std::string kernelAlgorithmHash(const KernelSpec& kernel);

// The layout the runtime must give weight operand `operand` of `kernel`: 0 for the tensor as
// stored (PyTorch [N, K]), or P for [ceil(N / P), K, P] panels packed once at load (bertc_arg_desc
// panel). Dense layers whose width is a multiple of 16 get 16-row panels whatever the target, so
// one packed copy serves every instruction set of a multi-target library.
int weightPanel(const KernelSpec& kernel, size_t operand);

// Builds the pipeline of `kernel` for `target` (vector widths follow the target). Throws
// Halide::CompileError for kinds it does not know.
KernelPipeline buildKernelPipeline(const KernelSpec& kernel, const ScheduleParams& schedule,
                                   const Halide::Target& target);

// The same algorithm with no schedule at all (every Func inline or at root, as Halide leaves
// them): what bert-tune hands to Halide's autoschedulers as a baseline.
KernelPipeline buildUnscheduledPipeline(const KernelSpec& kernel, const Halide::Target& target);

} // namespace bertc
