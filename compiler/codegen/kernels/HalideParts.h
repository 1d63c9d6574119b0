// The pieces several kernel kinds build from: typed Halide parameters for the manifest's tensor
// layouts, the epilogues, LayerNorm over rows, and the pipeline in manifest operand order.
#pragma once

#include "codegen/kernels/KernelKind.h"

#include <Halide.h>
#include <string>
#include <vector>

namespace bertc::kernels {

// f32 lanes of the widest vector the target has.
int vectorWidth(const Halide::Target& target);
// Largest of 16, 8, 4 that divides `n` and does not exceed `v`; 1 if none.
int lanesFor(int64_t n, int v);

// KernelSpec::attribute, failing as Halide::CompileError when the kernel lacks it.
double numberAttribute(const KernelSpec& k, const std::string& name);

// A [rows, c] f32 tensor: c fixed, rows dynamic, densely packed.
Halide::ImageParam rowsParam(const std::string& name, int64_t c);
Halide::ImageParam vectorParam(Halide::Type type, const std::string& name, int64_t n);
// A [rows, c] table indexed by row (embeddings): Halide (c, row).
Halide::ImageParam tableParam(const std::string& name, const Shape& shape);
// PyTorch Linear weight [n, k]: Halide (k, n).
Halide::ImageParam linearWeightParam(const std::string& name, int64_t n, int64_t k);
// Weights packed at load into [N / P, K, P] panels: Halide (j, k, p) holds W[p * P + j, k].
Halide::ImageParam panelWeightParam(const std::string& name, int64_t n, int64_t k, int panel);
// Per-token or per-sequence int32 values (ids, positions, offsets): extent only bounded below.
Halide::ImageParam indexParam(const std::string& name);

void constrainRowsOutput(Halide::Func out, int64_t c);

// The pipeline of `out` whose arguments are `buffers` then `scalars`, in manifest operand order.
KernelPipeline finish(Halide::Func out, const std::vector<Halide::ImageParam>& buffers,
                      const std::vector<Halide::Param<int>>& scalars = {});

Halide::Expr applyEpilogue(Halide::Expr v, Activation activation);

// Whether x is NaN, tested on its bits: Halide compiles float arithmetic as LLVM's nnan (no
// NaN), under which a float test of a computed value (is_nan, x != x) may fold to false.
Halide::Expr isNaN(Halide::Expr x);

// exp for every f32 argument. Halide 14's vector exp makes 2^k from an int32 k that wraps once
// |x| passes ~1.5e9 (exp(1e30) and exp(inf) came out 0, so a sigmoid of -inf gave 1), and maps
// NaN to a number (a sigmoid of NaN gave 1): here NaN stays NaN.
Halide::Expr expOfAnyArgument(Halide::Expr x);

// tanh in vector code, within 1 ulp of libm's, NaN kept. Halide 14's tanh calls libm's tanhf one
// lane at a time: an f32 dense with a gelu_tanh epilogue ran 2.7x as long as with gelu.
Halide::Expr vectorTanh(Halide::Expr x);

// LayerNorm over the features of each row of z(c, t), as layer_norm and fused_embeddings both
// end: out = (z - mean) / sqrt(var + eps) * gamma + beta. With a schedule, z is scheduled as
// well: each row tile is formed, normalized and written while it is in cache.
Halide::Func normalizedRows(Halide::Func z, int64_t C, float eps, Halide::ImageParam gamma,
                            Halide::ImageParam beta, const ScheduleParams* sp,
                            const Halide::Target& target);

// The row-wise schedule of a kernel whose output is out(c, t) over C features: row tiles of
// `rowTile` rows as parallel tasks, the features vectorized where they divide evenly. Returns
// the row-tile loop other stages may be computed at.
Halide::Var scheduleRowTiles(Halide::Func out, int64_t C, const ScheduleParams& sp,
                             const Halide::Target& target);

} // namespace bertc::kernels
