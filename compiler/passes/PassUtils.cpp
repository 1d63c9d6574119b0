#include "passes/PassUtils.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::bert {

LogicalResult applyFusionPatterns(Operation* root, RewritePatternSet&& patterns) {
  GreedyRewriteConfig config;
  config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
  return applyPatternsAndFoldGreedily(root, std::move(patterns), config);
}

std::optional<int64_t> maxRows(Value v) {
  auto fn = v.getParentRegion()->getParentOfType<func::FuncOp>();
  if (!fn)
    return std::nullopt;
  auto batch = fn->getAttrOfType<IntegerAttr>("bert.max_batch");
  auto seq = fn->getAttrOfType<IntegerAttr>("bert.max_seq_len");
  if (!batch || !seq)
    return std::nullopt;
  const int64_t tokens = batch.getInt() * seq.getInt(), sequences = batch.getInt();

  if (auto arg = dyn_cast<BlockArgument>(v)) { // input_ids, token_type_ids, positions; seq_offsets
    if (arg.getArgNumber() < 3)
      return tokens;
    return arg.getArgNumber() == 3 ? std::optional<int64_t>(sequences + 1) : std::nullopt;
  }
  Operation* def = v.getDefiningOp();
  if (auto call = dyn_cast<func::CallOp>(def)) {
    auto bounds = call->getAttrOfType<DenseI64ArrayAttr>("bert.max_rows");
    if (!bounds)
      return std::nullopt;
    return bounds[cast<OpResult>(v).getResultNumber()];
  }
  if (isa<GatherOp, FusedEmbeddingsOp, EmbeddingsOp>(def))
    return tokens;
  if (isa<FirstTokenRowsOp, PoolerOp>(def))
    return sequences;
  if (auto dense = dyn_cast<DenseOp>(def); dense && dense.getSeqOffsets())
    return sequences;
  if (def->getNumOperands() == 0)
    return std::nullopt;
  return maxRows(def->getOperand(0)); // row-preserving: dense, layer_norm, attention, ...
}

} // namespace mlir::bert
