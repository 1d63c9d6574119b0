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
  if (!dense || !hasOneUse(dense) || dense.getEpilogue() != "none" || dense.getSeqOffsets())
    return nullptr;
  return dense;
}

struct BertFuseAttentionPass : impl::BertFuseAttentionBase<BertFuseAttentionPass> {
  void runOnOperation() override {
    SmallVector<AttentionOp> attentions;
    getOperation().walk([&](AttentionOp op) { attentions.push_back(op); });
    for (AttentionOp attn : attentions) {
      DenseOp q = plainProjection(attn.getQuery()), k = plainProjection(attn.getKey()),
              v = plainProjection(attn.getValue());
      if (!q || !k || !v || q.getInput() != k.getInput() || q.getInput() != v.getInput())
        continue;
      OpBuilder b(attn);
      Location loc = attn.getLoc();
      int64_t h = widthOf(q.getResult()), in = widthOf(q.getInput());
      Value weight =
          b.create<ConcatWeightsOp>(loc, RankedTensorType::get({3 * h, in}, b.getF32Type()),
                                    ValueRange{q.getWeight(), k.getWeight(), v.getWeight()});
      Value bias = b.create<ConcatWeightsOp>(loc, RankedTensorType::get({3 * h}, b.getF32Type()),
                                             ValueRange{q.getBias(), k.getBias(), v.getBias()});
      Value qkv =
          b.create<DenseOp>(loc, rowsType(b, 3 * h), q.getInput(), weight, bias, Value(), "none");
      auto packed = b.create<PackedAttentionOp>(loc, attn.getType(), qkv, attn.getSeqOffsets(),
                                                attn.getNumHeads(), attn.getScale());
      attn.replaceAllUsesWith(packed.getResult());
      attn.erase();
      q.erase();
      k.erase();
      v.erase();
    }
  }
};

} // namespace
} // namespace mlir::bert
