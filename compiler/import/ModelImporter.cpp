#include "import/ModelImporter.h"

#include "bert/BertDialect.h"
#include "bert/BertOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace bertc {

using namespace mlir;

void loadCompilerDialects(MLIRContext& context) {
  context.loadDialect<bert::BertDialect, func::FuncDialect>();
}

namespace {

bert::Activation dialectActivation(HiddenAct act) {
  switch (act) {
  case HiddenAct::Gelu:
    return bert::Activation::gelu;
  case HiddenAct::GeluTanh:
    return bert::Activation::gelu_tanh;
  case HiddenAct::Relu:
    return bert::Activation::relu;
  }
  return bert::Activation::gelu; // unreachable: the switch covers every HiddenAct
}

class Importer {
public:
  Importer(MLIRContext& context, const ModelDescription& model)
      : model_(model), builder_(&context),
        fileLoc_(FileLineColLoc::get(&context, model.sourceFile, 1, 1)) {}

  OwningOpRef<ModuleOp> run() {
    OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc_);
    builder_.setInsertionPointToEnd(module->getBody());
    Type ids = RankedTensorType::get({ShapedType::kDynamic}, builder_.getI32Type());
    auto fn = builder_.create<func::FuncOp>(fileLoc_, model_.name,
                                            builder_.getFunctionType({ids, ids, ids, ids}, {}));
    fn->setAttr("bert.max_batch", builder_.getI64IntegerAttr(model_.input.maxBatch));
    fn->setAttr("bert.max_seq_len", builder_.getI64IntegerAttr(model_.input.maxSeqLen));
    if (model_.precision != Precision::F32) // bert-decompose gives it to the encoder's denses
      fn->setAttr("bert.precision", bert::PrecisionAttr::get(builder_.getContext(),
                                                             model_.precision == Precision::Int8
                                                                 ? bert::Precision::int8
                                                                 : bert::Precision::bf16));
    fn.setArgAttr(0, "bert.input", builder_.getStringAttr("input_ids"));
    fn.setArgAttr(1, "bert.input", builder_.getStringAttr("token_type_ids"));
    fn.setArgAttr(2, "bert.input", builder_.getStringAttr("positions"));
    fn.setArgAttr(3, "bert.input", builder_.getStringAttr("seq_offsets"));
    Block* body = fn.addEntryBlock();
    builder_.setInsertionPointToStart(body);
    buildBody(body->getArgument(0), body->getArgument(1), body->getArgument(2),
              body->getArgument(3));
    builder_.create<func::ReturnOp>(fileLoc_, outputs_);
    fn.setType(builder_.getFunctionType(fn.getArgumentTypes(), TypeRange(ValueRange(outputs_))));
    std::vector<Attribute> names;
    for (const std::string& n : outputNames_)
      names.push_back(builder_.getStringAttr(n));
    fn->setAttr("bert.output_names", builder_.getArrayAttr(names));
    return module;
  }

private:
  Location loc(const std::string& what) {
    return NameLoc::get(builder_.getStringAttr(what), fileLoc_);
  }
  RankedTensorType rows(int64_t width) {
    return RankedTensorType::get({ShapedType::kDynamic, width}, builder_.getF32Type());
  }
  void output(Value v, const std::string& name) {
    outputs_.push_back(v);
    outputNames_.push_back(name);
  }

  void buildBody(Value ids, Value types, Value positions, Value offsets) {
    const EncoderConfig& e = model_.encoder;
    Value hidden = builder_.create<bert::EmbeddingsOp>(
        loc("embeddings"), rows(e.hiddenSize), ids, types, positions, "embeddings", e.vocabSize,
        e.maxPositionEmbeddings, e.typeVocabSize, APFloat(e.layerNormEps));
    for (int64_t l = 0; l < e.numLayers; ++l) {
      std::string prefix = "encoder.layer." + std::to_string(l);
      hidden = builder_.create<bert::EncoderLayerOp>(
          loc(prefix), rows(e.hiddenSize), hidden, offsets, prefix, e.numHeads, e.intermediateSize,
          dialectActivation(e.hiddenAct), APFloat(e.layerNormEps));
    }
    Value pooled;
    for (const HeadConfig& head : model_.heads) {
      if (head.readsPooledOutput() && !pooled)
        pooled = builder_.create<bert::PoolerOp>(loc("pooler"), rows(e.hiddenSize), hidden, offsets,
                                                 "pooler.dense");
      buildHead(head, hidden, pooled);
    }
    // The encoder's own outputs, for callers that want features rather than a head's verdict.
    if (pooled)
      output(pooled, "pooled_output");
    output(hidden, "last_hidden_state");
  }

  void buildHead(const HeadConfig& head, Value hidden, Value pooled) {
    const EncoderConfig& e = model_.encoder;
    switch (head.kind) {
    case HeadKind::Binary:
    case HeadKind::Classes: {
      RankedTensorType t = rows(head.numOutputs(e));
      auto op = builder_.create<bert::ClassifierOp>(loc(head.name), t, t, pooled, head.prefix,
                                                    head.kind == HeadKind::Binary
                                                        ? bert::ClassifierKind::binary
                                                        : bert::ClassifierKind::classes);
      output(op.getLogits(), head.name + ".logits");
      output(op.getProbabilities(), head.name + ".probabilities");
      break;
    }
    case HeadKind::Nsp: {
      RankedTensorType t = rows(2);
      auto op =
          builder_.create<bert::NspHeadOp>(loc(head.name), t, t, pooled, "cls.seq_relationship");
      output(op.getLogits(), head.name + ".logits");
      output(op.getProbabilities(), head.name + ".probabilities");
      break;
    }
    case HeadKind::Mlm: {
      auto op =
          builder_.create<bert::MlmHeadOp>(loc(head.name), rows(e.vocabSize), hidden,
                                           "cls.predictions", "embeddings.word_embeddings.weight",
                                           dialectActivation(e.hiddenAct), APFloat(e.layerNormEps));
      output(op.getLogits(), head.name + ".logits");
      break;
    }
    case HeadKind::Pooled:
      output(pooled, head.name + ".pooled_output");
      break;
    case HeadKind::Sequence:
      output(hidden, head.name + ".last_hidden_state");
      break;
    }
  }

  const ModelDescription& model_;
  OpBuilder builder_;
  Location fileLoc_;
  std::vector<Value> outputs_;
  std::vector<std::string> outputNames_;
};

} // namespace

OwningOpRef<ModuleOp> importModel(MLIRContext& context, const ModelDescription& model) {
  return Importer(context, model).run();
}

} // namespace bertc
