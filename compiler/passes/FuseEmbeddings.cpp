//===- FuseEmbeddings.cpp - gathers, sum and LayerNorm in one kernel ------===//
//
// Matches what decomposition and residual fusion leave of bert.embeddings,
//   layer_norm(add(gather(word, ids), gather(type, types)), residual = gather(pos, positions))
// and makes it one fused_embeddings op: the three rows are read, summed in
// the same order and normalized without intermediate tensors.
//
//===----------------------------------------------------------------------===//
#include "bert/BertPasses.h"
#include "passes/PassUtils.h"

namespace mlir::bert {
#define GEN_PASS_DEF_BERTFUSEEMBEDDINGS
#include "bert/BertPasses.h.inc"

namespace {

GatherOp singleUseGather(Value v) {
  auto g = v.getDefiningOp<GatherOp>();
  return g && hasOneUse(g) ? g : nullptr;
}

struct GathersIntoFusedEmbeddings : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp norm, PatternRewriter& rewriter) const override {
    auto sum = norm.getInput().getDefiningOp<AddOp>();
    if (!norm.getResidual() || !sum || !hasOneUse(sum))
      return failure();
    GatherOp word = singleUseGather(sum.getLhs()), type = singleUseGather(sum.getRhs()),
             pos = singleUseGather(norm.getResidual());
    if (!word || !type || !pos)
      return failure();
    rewriter.replaceOpWithNewOp<FusedEmbeddingsOp>(
        norm, norm.getType(), word.getTable(), pos.getTable(), type.getTable(), word.getIds(),
        pos.getIds(), type.getIds(), norm.getGamma(), norm.getBeta(), norm.getEps());
    for (Operation* dead :
         {sum.getOperation(), word.getOperation(), type.getOperation(), pos.getOperation()})
      rewriter.eraseOp(dead);
    return success();
  }
};

struct BertFuseEmbeddingsPass : impl::BertFuseEmbeddingsBase<BertFuseEmbeddingsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<GathersIntoFusedEmbeddings>(&getContext());
    if (failed(applyFusionPatterns(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mlir::bert
