//===- FuseEpilogues.cpp - activations into the dense that feeds them -----===//
//
// dense -> gelu/relu/tanh becomes one dense with that epilogue, saving a pass
// over the [T, 3072] intermediate; first_token_rows -> dense becomes a dense
// that reads each sequence's first row itself (the pooler). The two patterns
// compose in either order: the pooler's tanh folds into the dense whether or
// not its [CLS] selection was folded first.
//
//===----------------------------------------------------------------------===//
#include "bert/BertPasses.h"
#include "passes/PassUtils.h"

namespace mlir::bert {
#define GEN_PASS_DEF_BERTFUSEEPILOGUES
#include "bert/BertPasses.h.inc"

namespace {

// The epilogue for an activation op, or nullopt if `op` is not one.
std::optional<Activation> epilogueFor(Operation* op) {
  if (auto gelu = dyn_cast<GeluOp>(op))
    return gelu.getApproximate() == GeluApproximation::tanh ? Activation::gelu_tanh
                                                            : Activation::gelu;
  if (isa<ReluOp>(op))
    return Activation::relu;
  if (isa<TanhOp>(op))
    return Activation::tanh;
  return std::nullopt;
}

struct ActivationIntoDense : RewritePattern {
  explicit ActivationIntoDense(MLIRContext* context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}
  LogicalResult matchAndRewrite(Operation* act, PatternRewriter& rewriter) const override {
    std::optional<Activation> epilogue = epilogueFor(act);
    if (!epilogue)
      return failure();
    auto dense = act->getOperand(0).getDefiningOp<DenseOp>();
    if (!dense || !hasOneUse(dense) || dense.getEpilogue() != Activation::none)
      return failure();
    rewriter.modifyOpInPlace(dense, [&] { dense.setEpilogue(*epilogue); });
    rewriter.replaceOp(act, dense->getResults());
    return success();
  }
};

struct FirstRowsIntoDense : OpRewritePattern<DenseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DenseOp dense, PatternRewriter& rewriter) const override {
    auto first = dense.getInput().getDefiningOp<FirstTokenRowsOp>();
    if (!first || !hasOneUse(first) || dense.getSeqOffsets())
      return failure();
    rewriter.replaceOpWithNewOp<DenseOp>(dense, dense.getType(), first.getHidden(),
                                         dense.getWeight(), dense.getBias(), first.getSeqOffsets(),
                                         dense.getEpilogue(), dense.getPrecisionAttr());
    rewriter.eraseOp(first);
    return success();
  }
};

struct BertFuseEpiloguesPass : impl::BertFuseEpiloguesBase<BertFuseEpiloguesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ActivationIntoDense, FirstRowsIntoDense>(&getContext());
    if (failed(applyFusionPatterns(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mlir::bert
