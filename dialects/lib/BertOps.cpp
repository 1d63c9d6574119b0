//===- BertOps.cpp - bert dialect operations ------------------------------===//
//
// Verifiers. Each checks what a single op can know about itself: ranks,
// static feature widths, head divisibility and attribute words. Whole-model
// consistency is bert-verify-shapes' job.
//
//===----------------------------------------------------------------------===//
#include "bert/BertOps.h"

#include "bert/BertDialect.h"

using namespace mlir;
using namespace mlir::bert;

bool mlir::bert::isHiddenAct(Activation act) {
  return act == Activation::gelu || act == Activation::gelu_tanh || act == Activation::relu;
}

namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

// The feature width (last dimension) of a row tensor; dynamic if unknown.
int64_t width(Value v) {
  return shapeOf(v).back();
}

LogicalResult requireStaticWidth(Operation* op, Value v, StringRef what) {
  if (ShapedType::isDynamic(width(v)))
    return op->emitOpError() << what << " must have a static feature width";
  return success();
}

LogicalResult requirePositive(Operation* op, int64_t value, StringRef what) {
  if (value <= 0)
    return op->emitOpError() << what << " must be positive, got " << value;
  return success();
}

LogicalResult requireHiddenAct(Operation* op, Activation act) {
  if (!isHiddenAct(act))
    return op->emitOpError() << "hidden_act " << stringifyActivation(act)
                             << " is not a layer activation; expected gelu, gelu_tanh or relu";
  return success();
}

LogicalResult requireVector(Operation* op, Value v, int64_t n, StringRef what) {
  ArrayRef<int64_t> s = shapeOf(v);
  if (s.size() != 1 || s[0] != n)
    return op->emitOpError() << what << " must be tensor<" << n << "xf32>, got " << v.getType();
  return success();
}

LogicalResult requireSameWidth(Operation* op, Value a, Value b, StringRef what) {
  if (width(a) != width(b))
    return op->emitOpError() << what << ": feature widths differ (" << width(a) << " vs "
                             << width(b) << ")";
  return success();
}

LogicalResult requireHeads(Operation* op, int64_t hidden, int64_t heads) {
  if (failed(requirePositive(op, heads, "num_heads")))
    return failure();
  if (hidden % heads != 0)
    return op->emitOpError() << "hidden width " << hidden << " is not divisible by num_heads "
                             << heads;
  return success();
}

LogicalResult requirePositiveEps(Operation* op, APFloat eps) {
  if (eps.convertToDouble() <= 0)
    return op->emitOpError("eps must be positive");
  return success();
}

// A LayerNorm's gamma and beta over `width` features, and its epsilon.
LogicalResult requireNormParams(Operation* op, Value gamma, Value beta, int64_t width,
                                APFloat eps) {
  if (failed(requireVector(op, gamma, width, "gamma")) ||
      failed(requireVector(op, beta, width, "beta")))
    return failure();
  return requirePositiveEps(op, eps);
}

// Attention computes f32 or bf16 products (bert.attention's description).
LogicalResult requireAttentionPrecision(Operation* op, std::optional<Precision> precision) {
  if (precision && *precision == Precision::int8)
    return op->emitOpError("attention has no int8 arithmetic (f32 or bf16)");
  return success();
}

} // namespace

LogicalResult EmbeddingsOp::verify() {
  if (failed(requireStaticWidth(*this, getResult(), "result")) ||
      failed(requirePositive(*this, getVocabSize(), "vocab_size")) ||
      failed(requirePositive(*this, getMaxPositions(), "max_positions")) ||
      failed(requirePositive(*this, getTypeVocabSize(), "type_vocab_size")))
    return failure();
  return requirePositiveEps(*this, getEps());
}

LogicalResult EncoderLayerOp::verify() {
  if (getHidden().getType() != getResult().getType())
    return emitOpError("result type must equal the hidden input type");
  if (failed(requireStaticWidth(*this, getHidden(), "hidden")) ||
      failed(requireHeads(*this, width(getHidden()), getNumHeads())) ||
      failed(requirePositive(*this, getIntermediateSize(), "intermediate_size")))
    return failure();
  if (failed(requireHiddenAct(*this, getHiddenAct())))
    return failure();
  return requirePositiveEps(*this, getEps());
}

LogicalResult PoolerOp::verify() {
  if (failed(requireStaticWidth(*this, getHidden(), "hidden")))
    return failure();
  return requireSameWidth(*this, getHidden(), getResult(), "pooled output");
}

LogicalResult ClassifierOp::verify() {
  if (getLogits().getType() != getProbabilities().getType())
    return emitOpError("logits and probabilities must have the same type");
  int64_t n = width(getLogits());
  if (getKind() == ClassifierKind::binary && n != 1)
    return emitOpError() << "a binary classifier has 1 output, got " << n;
  if (getKind() == ClassifierKind::classes && (ShapedType::isDynamic(n) || n < 2))
    return emitOpError() << "a classes classifier needs at least 2 outputs, got " << n;
  return requireStaticWidth(*this, getPooled(), "pooled");
}

LogicalResult NspHeadOp::verify() {
  if (getLogits().getType() != getProbabilities().getType())
    return emitOpError("logits and probabilities must have the same type");
  if (width(getLogits()) != 2)
    return emitOpError() << "next-sentence prediction has 2 outputs, got " << width(getLogits());
  return requireStaticWidth(*this, getPooled(), "pooled");
}

LogicalResult MlmHeadOp::verify() {
  if (failed(requireStaticWidth(*this, getHidden(), "hidden")) ||
      failed(requireStaticWidth(*this, getLogits(), "logits")))
    return failure();
  if (failed(requireHiddenAct(*this, getHiddenAct())))
    return failure();
  return requirePositiveEps(*this, getEps());
}

LogicalResult WeightOp::verify() {
  if (getName().empty())
    return emitOpError("weight name must not be empty");
  return success();
}

LogicalResult ConcatWeightsOp::verify() {
  if (getParts().empty())
    return emitOpError("needs at least one part");
  ArrayRef<int64_t> result = shapeOf(getResult());
  int64_t rows = 0;
  for (Value part : getParts()) {
    ArrayRef<int64_t> s = shapeOf(part);
    if (s.size() != result.size() || s.drop_front() != result.drop_front())
      return emitOpError() << "part " << part.getType() << " does not match result "
                           << getResult().getType() << " beyond the first dimension";
    rows += s[0];
  }
  if (rows != result[0])
    return emitOpError() << "parts have " << rows << " rows in all but the result has "
                         << result[0];
  return success();
}

LogicalResult GatherOp::verify() {
  if (shapeOf(getTable()).size() != 2)
    return emitOpError("table must be 2-D");
  return requireSameWidth(*this, getTable(), getResult(), "gathered rows");
}

LogicalResult FusedEmbeddingsOp::verify() {
  int64_t h = width(getResult());
  for (Value table : {getWordTable(), getPositionTable(), getTypeTable()}) {
    if (shapeOf(table).size() != 2)
      return emitOpError("embedding tables must be 2-D");
    if (failed(requireSameWidth(*this, table, getResult(), "embedding table")))
      return failure();
  }
  return requireNormParams(*this, getGamma(), getBeta(), h, getEps());
}

LogicalResult DenseOp::verify() {
  ArrayRef<int64_t> w = shapeOf(getWeight());
  if (w.size() != 2)
    return emitOpError() << "weight must be 2-D [out, in], got " << getWeight().getType();
  if (width(getInput()) != w[1])
    return emitOpError() << "input width " << width(getInput())
                         << " does not match the weight's in-dimension " << w[1];
  if (width(getResult()) != w[0])
    return emitOpError() << "result width " << width(getResult())
                         << " does not match the weight's out-dimension " << w[0];
  return requireVector(*this, getBias(), w[0], "bias");
}

LogicalResult LayerNormOp::verify() {
  if (getInput().getType() != getResult().getType())
    return emitOpError("result type must equal the input type");
  if (getResidual() && getResidual().getType() != getInput().getType())
    return emitOpError("residual type must equal the input type");
  if (failed(requireStaticWidth(*this, getInput(), "input")))
    return failure();
  int64_t h = width(getInput());
  return requireNormParams(*this, getGamma(), getBeta(), h, getEps());
}

LogicalResult AttentionOp::verify() {
  Type t = getQuery().getType();
  if (getKey().getType() != t || getValue().getType() != t || getResult().getType() != t)
    return emitOpError("query, key, value and result must have the same type");
  if (failed(requireStaticWidth(*this, getQuery(), "query")) ||
      failed(requireHeads(*this, width(getQuery()), getNumHeads())))
    return failure();
  if (getScale().convertToDouble() <= 0)
    return emitOpError("scale must be positive");
  return requireAttentionPrecision(*this, getPrecision());
}

LogicalResult PackedAttentionOp::verify() {
  if (failed(requireStaticWidth(*this, getResult(), "result")) ||
      failed(requireHeads(*this, width(getResult()), getNumHeads())))
    return failure();
  if (width(getQkv()) != 3 * width(getResult()))
    return emitOpError() << "qkv width " << width(getQkv()) << " must be 3 x the result width "
                         << width(getResult());
  if (getScale().convertToDouble() <= 0)
    return emitOpError("scale must be positive");
  return requireAttentionPrecision(*this, getPrecision());
}

LogicalResult FirstTokenRowsOp::verify() {
  return requireSameWidth(*this, getHidden(), getResult(), "selected rows");
}

LogicalResult AddOp::verify() {
  return success();
}
LogicalResult ReluOp::verify() {
  return success();
}
LogicalResult TanhOp::verify() {
  return success();
}
LogicalResult SigmoidOp::verify() {
  return success();
}
LogicalResult SoftmaxOp::verify() {
  return success();
}

#define GET_OP_CLASSES
#include "bert/BertOps.cpp.inc"
