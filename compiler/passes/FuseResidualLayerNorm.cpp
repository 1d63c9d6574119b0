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

struct BertFuseResidualLayerNormPass
    : impl::BertFuseResidualLayerNormBase<BertFuseResidualLayerNormPass> {
  void runOnOperation() override {
    SmallVector<LayerNormOp> norms;
    getOperation().walk([&](LayerNormOp op) { norms.push_back(op); });
    for (LayerNormOp norm : norms) {
      auto add = norm.getInput().getDefiningOp<AddOp>();
      if (!add || !hasOneUse(add) || norm.getResidual())
        continue;
      OpBuilder b(norm);
      auto fused =
          b.create<LayerNormOp>(norm.getLoc(), norm.getType(), add.getLhs(), norm.getGamma(),
                                norm.getBeta(), add.getRhs(), norm.getEps());
      norm.replaceAllUsesWith(fused.getResult());
      norm.erase();
      add.erase();
    }
  }
};

} // namespace
} // namespace mlir::bert
