//===- FuseAttention.cpp - Q/K/V as one dense, read in place --------------===//
//
// Three denses of the same input feeding an attention's query, key and value
// become one [3H, H] dense (weights concatenated at load time) and a
// packed_attention that reads Q, K and V as column blocks of its output: one
// pass over the input instead of three, and no split copies.
//
//===----------------------------------------------------------------------===//
#include "bert/BertPasses.h"
#include "passes/PassUtils.h"

namespace mlir::bert {
#define GEN_PASS_DEF_BERTFUSEATTENTION
#include "bert/BertPasses.h.inc"

namespace {

// The dense producing `v` if it is a plain projection used only here.
DenseOp plainProjection(Value v) {
  auto dense = v.getDefiningOp<DenseOp>();
  if (!dense || !hasOneUse(dense) || dense.getEpilogue() != Activation::none ||
      dense.getSeqOffsets())
    return nullptr;
  return dense;
}

struct ProjectionsIntoPackedAttention : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AttentionOp attn, PatternRewriter& rewriter) const override {
    DenseOp q = plainProjection(attn.getQuery()), k = plainProjection(attn.getKey()),
            v = plainProjection(attn.getValue());
    if (!q || !k || !v || q.getInput() != k.getInput() || q.getInput() != v.getInput() ||
        q.getPrecisionAttr() != k.getPrecisionAttr() ||
        q.getPrecisionAttr() != v.getPrecisionAttr())
      return failure();
    Location loc = attn.getLoc();
    int64_t h = widthOf(q.getResult()), in = widthOf(q.getInput());
    Type f32 = rewriter.getF32Type();
    Value weight =
        rewriter.create<ConcatWeightsOp>(loc, RankedTensorType::get({3 * h, in}, f32),
                                         ValueRange{q.getWeight(), k.getWeight(), v.getWeight()});
    Value bias =
        rewriter.create<ConcatWeightsOp>(loc, RankedTensorType::get({3 * h}, f32),
                                         ValueRange{q.getBias(), k.getBias(), v.getBias()});
    auto qkv = rewriter.create<DenseOp>(loc, rowsType(rewriter, 3 * h), q.getInput(), weight, bias,
                                        Value(), Activation::none, q.getPrecisionAttr());
    rewriter.replaceOpWithNewOp<PackedAttentionOp>(attn, attn.getType(), qkv, attn.getSeqOffsets(),
                                                   attn.getNumHeads(), attn.getScale(),
                                                   attn.getPrecisionAttr());
    for (DenseOp projection : {q, k, v})
      rewriter.eraseOp(projection);
    return success();
  }
};

struct BertFuseAttentionPass : impl::BertFuseAttentionBase<BertFuseAttentionPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ProjectionsIntoPackedAttention>(&getContext());
    if (failed(applyFusionPatterns(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mlir::bert
