//===- FuseResidualLayerNorm.cpp - residual add into LayerNorm -----------===//
//
// layer_norm(add(x, r)) becomes layer_norm(x, residual = r): the sum is
// formed while normalizing instead of being written out and read back.
//
//===----------------------------------------------------------------------===//
#include "bert/BertPasses.h"
#include "passes/PassUtils.h"

namespace mlir::bert {
#define GEN_PASS_DEF_BERTFUSERESIDUALLAYERNORM
#include "bert/BertPasses.h.inc"

namespace {

struct ResidualIntoLayerNorm : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp norm, PatternRewriter& rewriter) const override {
    auto add = norm.getInput().getDefiningOp<AddOp>();
    if (!add || !hasOneUse(add) || norm.getResidual())
      return failure();
    rewriter.replaceOpWithNewOp<LayerNormOp>(norm, norm.getType(), add.getLhs(), norm.getGamma(),
                                             norm.getBeta(), add.getRhs(), norm.getEps());
    rewriter.eraseOp(add);
    return success();
  }
};

struct BertFuseResidualLayerNormPass
    : impl::BertFuseResidualLayerNormBase<BertFuseResidualLayerNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ResidualIntoLayerNorm>(&getContext());
    if (failed(applyFusionPatterns(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mlir::bert
