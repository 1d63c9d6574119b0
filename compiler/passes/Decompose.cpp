//===- Decompose.cpp - model level to tensor level ------------------------===//
//
// Each model-level op becomes the tensor-level ops Hugging Face's modules
// compute, in the same order of floating-point operations (e.g. word +
// token-type embeddings first, then + position, as BertEmbeddings does).
//
//===----------------------------------------------------------------------===//
#include "bert/BertPasses.h"
#include "passes/PassUtils.h"

#include <cmath>

namespace mlir::bert {
#define GEN_PASS_DEF_BERTDECOMPOSE
#include "bert/BertPasses.h.inc"

namespace {

class Decomposer {
public:
  explicit Decomposer(Operation* op) : b_(op), loc_(op->getLoc()) {
    if (auto fn = op->getParentOfType<func::FuncOp>())
      precision_ = fn->getAttrOfType<PrecisionAttr>("bert.precision");
  }

  // A head's dense stays f32 (it is a sliver of the work and its outputs are the answer).
  Value dense(Value x, const std::string& prefix, int64_t out) {
    int64_t in = widthOf(x);
    Value w = weightRef(b_, loc_, prefix + ".weight", {out, in});
    Value bias = weightRef(b_, loc_, prefix + ".bias", {out});
    return b_.create<DenseOp>(loc_, rowsType(b_, out), x, w, bias, Value(), Activation::none,
                              PrecisionAttr());
  }
  // An encoder or pooler dense: at the model's precision (bert.precision), f32 without one.
  Value encoderDense(Value x, const std::string& prefix, int64_t out) {
    Value result = dense(x, prefix, out);
    if (precision_ && precision_.getValue() != Precision::f32)
      result.getDefiningOp<DenseOp>().setPrecisionAttr(precision_);
    return result;
  }
  // bf16 models round attention's operands too; int8 ones keep it f32 (2.7% of a bert-base
  // layer's FLOPs at 128 tokens, its u8 softmax would cost accuracy for little).
  PrecisionAttr attentionPrecision() const {
    return precision_ && precision_.getValue() == Precision::bf16 ? precision_ : PrecisionAttr();
  }
  Value layerNorm(Value x, const std::string& prefix, APFloat eps) {
    int64_t h = widthOf(x);
    Value gamma = weightRef(b_, loc_, prefix + ".weight", {h}); // sequenced: IR order is stable
    Value beta = weightRef(b_, loc_, prefix + ".bias", {h});
    return b_.create<LayerNormOp>(loc_, x.getType(), x, gamma, beta, Value(), eps);
  }
  Value add(Value a, Value c) { return b_.create<AddOp>(loc_, a.getType(), a, c); }
  Value activation(Value x, Activation act) {
    if (act == Activation::relu)
      return b_.create<ReluOp>(loc_, x.getType(), x);
    return b_.create<GeluOp>(loc_, x.getType(), x,
                             act == Activation::gelu_tanh ? GeluApproximation::tanh
                                                          : GeluApproximation::none);
  }
  Value gather(const std::string& table, int64_t rows, int64_t h, Value ids) {
    return b_.create<GatherOp>(loc_, rowsType(b_, h), weightRef(b_, loc_, table, {rows, h}), ids);
  }

  Value embeddings(EmbeddingsOp op) {
    const std::string p = op.getPrefix().str();
    int64_t h = widthOf(op.getResult());
    Value word = gather(p + ".word_embeddings.weight", op.getVocabSize(), h, op.getInputIds());
    Value type =
        gather(p + ".token_type_embeddings.weight", op.getTypeVocabSize(), h, op.getTokenTypeIds());
    Value pos =
        gather(p + ".position_embeddings.weight", op.getMaxPositions(), h, op.getPositions());
    return layerNorm(add(add(word, type), pos), p + ".LayerNorm", op.getEps());
  }

  Value encoderLayer(EncoderLayerOp op) {
    const std::string p = op.getPrefix().str();
    Value x = op.getHidden();
    int64_t h = widthOf(x);
    Value q = encoderDense(x, p + ".attention.self.query", h);
    Value k = encoderDense(x, p + ".attention.self.key", h);
    Value v = encoderDense(x, p + ".attention.self.value", h);
    double scale = 1.0 / std::sqrt(double(h / op.getNumHeads()));
    Value context = b_.create<AttentionOp>(loc_, x.getType(), q, k, v, op.getSeqOffsets(),
                                           op.getNumHeads(), APFloat(scale), attentionPrecision());
    Value attn = layerNorm(add(encoderDense(context, p + ".attention.output.dense", h), x),
                           p + ".attention.output.LayerNorm", op.getEps());
    Value inter = activation(
        encoderDense(attn, p + ".intermediate.dense", op.getIntermediateSize()), op.getHiddenAct());
    return layerNorm(add(encoderDense(inter, p + ".output.dense", h), attn),
                     p + ".output.LayerNorm", op.getEps());
  }

  Value pooler(PoolerOp op) {
    Value first = b_.create<FirstTokenRowsOp>(loc_, op.getHidden().getType(), op.getHidden(),
                                              op.getSeqOffsets());
    Value d = encoderDense(first, op.getPrefix().str(), widthOf(op.getResult()));
    return b_.create<TanhOp>(loc_, d.getType(), d);
  }

  // Logits and the probabilities over them: sigmoid for one output, softmax otherwise.
  std::pair<Value, Value> classifier(Value pooled, const std::string& prefix, int64_t n) {
    Value logits = dense(pooled, prefix, n);
    Value probs = n == 1 ? Value(b_.create<SigmoidOp>(loc_, logits.getType(), logits))
                         : Value(b_.create<SoftmaxOp>(loc_, logits.getType(), logits));
    return {logits, probs};
  }

  Value mlmHead(MlmHeadOp op) {
    const std::string p = op.getPrefix().str();
    Value x = op.getHidden();
    int64_t h = widthOf(x), vocab = widthOf(op.getLogits());
    Value t = layerNorm(activation(dense(x, p + ".transform.dense", h), op.getHiddenAct()),
                        p + ".transform.LayerNorm", op.getEps());
    Value w = weightRef(b_, loc_, op.getDecoderWeight().str(), {vocab, h});
    Value bias = weightRef(b_, loc_, p + ".bias", {vocab});
    return b_.create<DenseOp>(loc_, rowsType(b_, vocab), t, w, bias, Value(), Activation::none,
                              PrecisionAttr());
  }

private:
  OpBuilder b_;
  Location loc_;
  PrecisionAttr precision_;
};

struct BertDecomposePass : impl::BertDecomposeBase<BertDecomposePass> {
  void runOnOperation() override {
    SmallVector<Operation*> modelOps;
    getOperation().walk([&](Operation* op) {
      if (isa<EmbeddingsOp, EncoderLayerOp, PoolerOp, ClassifierOp, NspHeadOp, MlmHeadOp>(op))
        modelOps.push_back(op);
    });
    for (Operation* op : modelOps) {
      Decomposer d(op);
      SmallVector<Value> replacement;
      if (auto e = dyn_cast<EmbeddingsOp>(op)) {
        replacement.push_back(d.embeddings(e));
      } else if (auto l = dyn_cast<EncoderLayerOp>(op)) {
        replacement.push_back(d.encoderLayer(l));
      } else if (auto p = dyn_cast<PoolerOp>(op)) {
        replacement.push_back(d.pooler(p));
      } else if (auto c = dyn_cast<ClassifierOp>(op)) {
        auto [logits, probs] =
            d.classifier(c.getPooled(), c.getPrefix().str(), widthOf(c.getLogits()));
        replacement = {logits, probs};
      } else if (auto n = dyn_cast<NspHeadOp>(op)) {
        auto [logits, probs] = d.classifier(n.getPooled(), n.getPrefix().str(), 2);
        replacement = {logits, probs};
      } else if (auto m = dyn_cast<MlmHeadOp>(op)) {
        replacement.push_back(d.mlmHead(m));
      }
      op->replaceAllUsesWith(replacement);
      op->erase();
    }
  }
};

} // namespace
} // namespace mlir::bert
