// Small helpers the bert passes share.
#pragma once

#include "bert/BertOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <string>

namespace mlir::bert {

// A `bert.weight` reference to the named f32 tensor.
inline Value weightRef(OpBuilder& b, Location loc, const std::string& name,
                       ArrayRef<int64_t> shape) {
  return b.create<WeightOp>(loc, RankedTensorType::get(shape, b.getF32Type()), name);
}

// Row tensor type [?, width] in f32.
inline RankedTensorType rowsType(OpBuilder& b, int64_t width) {
  return RankedTensorType::get({ShapedType::kDynamic, width}, b.getF32Type());
}

inline int64_t widthOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape().back();
}

// An op's single result has exactly one user.
inline bool hasOneUse(Operation* op) {
  return op && op->getNumResults() == 1 && op->hasOneUse();
}

// Applies fusion patterns until none matches. Ops are Pure, so the driver may also drop values
// a fusion left unused; blocks stay as they are (no region simplification).
LogicalResult applyFusionPatterns(Operation* root, RewritePatternSet&& patterns);

// Upper bound on the rows of a value in a model function, from its max_batch and max_seq_len:
// per-token values have max_batch * max_seq_len rows, per-sequence values max_batch. Returns
// nullopt for values it cannot bound (not in a model function).
std::optional<int64_t> maxRows(Value v);

} // namespace mlir::bert
