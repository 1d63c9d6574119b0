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

struct BertFuseEmbeddingsPass : impl::BertFuseEmbeddingsBase<BertFuseEmbeddingsPass> {
  void runOnOperation() override {
    SmallVector<LayerNormOp> norms;
    getOperation().walk([&](LayerNormOp op) { norms.push_back(op); });
    for (LayerNormOp norm : norms) {
      if (!norm.getResidual())
        continue;
      auto sum = norm.getInput().getDefiningOp<AddOp>();
      if (!sum || !hasOneUse(sum))
        continue;
      GatherOp word = singleUseGather(sum.getLhs()), type = singleUseGather(sum.getRhs()),
               pos = singleUseGather(norm.getResidual());
      if (!word || !type || !pos)
        continue;
      OpBuilder b(norm);
      auto fused = b.create<FusedEmbeddingsOp>(norm.getLoc(), norm.getType(), word.getTable(),
                                               pos.getTable(), type.getTable(), word.getIds(),
                                               pos.getIds(), type.getIds(), norm.getGamma(),
                                               norm.getBeta(), norm.getEps());
      norm.replaceAllUsesWith(fused.getResult());
      norm.erase();
      sum.erase();
      word.erase();
      type.erase();
      pos.erase();
    }
  }
};

} // namespace
} // namespace mlir::bert
