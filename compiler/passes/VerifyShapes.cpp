//===- VerifyShapes.cpp - whole-model consistency -------------------------===//
//
// Op verifiers see one op at a time. This pass checks what only the whole
// model shows: the model function's contract with the runtime (bounds and the
// four packed inputs), that max_seq_len fits the position table, that every
// weight name means one shape, and that all hidden states share one width.
//
//===----------------------------------------------------------------------===//
#include "bert/BertPasses.h"
#include "passes/PassUtils.h"

#include <map>

namespace mlir::bert {
#define GEN_PASS_DEF_BERTVERIFYSHAPES
#include "bert/BertPasses.h.inc"

namespace {

LogicalResult verifyModel(func::FuncOp fn) {
  auto batch = fn->getAttrOfType<IntegerAttr>("bert.max_batch");
  auto seq = fn->getAttrOfType<IntegerAttr>("bert.max_seq_len");
  if (!batch || !seq)
    return fn.emitError("model function needs integer bert.max_batch and bert.max_seq_len");
  if (batch.getInt() <= 0 || seq.getInt() <= 0)
    return fn.emitError("bert.max_batch and bert.max_seq_len must be positive");
  auto idsType =
      RankedTensorType::get({ShapedType::kDynamic}, IntegerType::get(fn.getContext(), 32));
  if (fn.getNumArguments() != 4 ||
      llvm::any_of(fn.getArgumentTypes(), [&](Type t) { return t != idsType; }))
    return fn.emitError("model function takes (input_ids, token_type_ids, positions, "
                        "seq_offsets), each tensor<?xi32>");

  LogicalResult result = success();
  std::map<std::string, Type> weightTypes;
  fn.walk([&](WeightOp w) {
    auto [it, inserted] = weightTypes.emplace(w.getName().str(), w.getType());
    if (!inserted && it->second != w.getType()) {
      w.emitError() << "weight '" << w.getName() << "' is used as " << w.getType()
                    << " here but as " << it->second << " elsewhere";
      result = failure();
    }
  });
  fn.walk([&](EmbeddingsOp e) {
    if (seq.getInt() > int64_t(e.getMaxPositions())) {
      e.emitError() << "bert.max_seq_len " << seq.getInt() << " exceeds the " << e.getMaxPositions()
                    << " position embeddings";
      result = failure();
    }
  });
  std::optional<int64_t> hidden;
  fn.walk([&](EncoderLayerOp layer) {
    int64_t w = widthOf(layer.getHidden());
    if (hidden && *hidden != w) {
      layer.emitError() << "hidden width " << w << " differs from the first layer's " << *hidden;
      result = failure();
    }
    hidden = w;
  });
  return result;
}

struct BertVerifyShapesPass : impl::BertVerifyShapesBase<BertVerifyShapesPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>())
      if (fn->hasAttr("bert.max_batch") && failed(verifyModel(fn)))
        signalPassFailure();
  }
};

} // namespace
} // namespace mlir::bert
