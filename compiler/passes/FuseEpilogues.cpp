//===- FuseEpilogues.cpp - activations into the dense that feeds them -----===//
//
// dense -> gelu/relu/tanh becomes one dense with that epilogue, saving a pass
// over the [T, 3072] intermediate; first_token_rows -> dense becomes a dense
// that reads each sequence's first row itself (the pooler).
//
//===----------------------------------------------------------------------===//
#include "bert/BertPasses.h"
#include "passes/PassUtils.h"

namespace mlir::bert {
#define GEN_PASS_DEF_BERTFUSEEPILOGUES
#include "bert/BertPasses.h.inc"

namespace {

// The epilogue word for an activation op, or "" if `op` is not one.
StringRef epilogueFor(Operation* op) {
  if (auto gelu = dyn_cast<GeluOp>(op))
    return gelu.getApproximate() == "tanh" ? "gelu_tanh" : "gelu";
  if (isa<ReluOp>(op))
    return "relu";
  if (isa<TanhOp>(op))
    return "tanh";
  return "";
}

struct BertFuseEpiloguesPass : impl::BertFuseEpiloguesBase<BertFuseEpiloguesPass> {
  void runOnOperation() override {
    SmallVector<Operation*> activations;
    SmallVector<DenseOp> denses;
    getOperation().walk([&](Operation* op) {
      if (!epilogueFor(op).empty())
        activations.push_back(op);
      else if (auto dense = dyn_cast<DenseOp>(op))
        denses.push_back(dense);
    });

    // [CLS] selection first, so that the pooler's tanh then folds into the fused dense.
    for (DenseOp dense : denses) {
      auto first = dense.getInput().getDefiningOp<FirstTokenRowsOp>();
      if (!first || !hasOneUse(first) || dense.getSeqOffsets())
        continue;
      OpBuilder b(dense);
      auto fused =
          b.create<DenseOp>(dense.getLoc(), dense.getType(), first.getHidden(), dense.getWeight(),
                            dense.getBias(), first.getSeqOffsets(), dense.getEpilogue());
      dense.replaceAllUsesWith(fused.getResult());
      dense.erase();
      first.erase();
    }

    for (Operation* act : activations) {
      auto dense = act->getOperand(0).getDefiningOp<DenseOp>();
      if (!dense || !hasOneUse(dense) || dense.getEpilogue() != "none")
        continue;
      dense.setEpilogue(epilogueFor(act));
      act->replaceAllUsesWith(dense->getResults());
      act->erase();
    }
  }
};

} // namespace
} // namespace mlir::bert
