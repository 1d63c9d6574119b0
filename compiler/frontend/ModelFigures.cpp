#include "frontend/ModelFigures.h"

#include <algorithm>

namespace bertc {

int64_t TensorSpec::elements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

namespace {

TensorSpec f32(std::string name, std::vector<int64_t> shape, std::string tiedTo = "") {
  return TensorSpec{std::move(name), std::move(shape), "F32", std::move(tiedTo)};
}

void addLinear(std::vector<TensorSpec>& out, const std::string& prefix, int64_t in,
               int64_t outDim) {
  out.push_back(f32(prefix + ".weight", {outDim, in}));
  out.push_back(f32(prefix + ".bias", {outDim}));
}

void addLayerNorm(std::vector<TensorSpec>& out, const std::string& prefix, int64_t width) {
  out.push_back(f32(prefix + ".weight", {width}));
  out.push_back(f32(prefix + ".bias", {width}));
}

bool needsPooler(const ModelDescription& model) {
  return std::any_of(model.heads.begin(), model.heads.end(),
                     [](const HeadConfig& h) { return h.readsPooledOutput(); });
}

} // namespace

std::vector<TensorSpec> expectedTensors(const ModelDescription& model) {
  const EncoderConfig& e = model.encoder;
  const int64_t h = e.hiddenSize;
  std::vector<TensorSpec> out;
  out.push_back(f32("embeddings.word_embeddings.weight", {e.vocabSize, h}));
  out.push_back(f32("embeddings.position_embeddings.weight", {e.maxPositionEmbeddings, h}));
  out.push_back(f32("embeddings.token_type_embeddings.weight", {e.typeVocabSize, h}));
  addLayerNorm(out, "embeddings.LayerNorm", h);
  for (int64_t l = 0; l < e.numLayers; ++l) {
    const std::string layer = "encoder.layer." + std::to_string(l);
    addLinear(out, layer + ".attention.self.query", h, h);
    addLinear(out, layer + ".attention.self.key", h, h);
    addLinear(out, layer + ".attention.self.value", h, h);
    addLinear(out, layer + ".attention.output.dense", h, h);
    addLayerNorm(out, layer + ".attention.output.LayerNorm", h);
    addLinear(out, layer + ".intermediate.dense", h, e.intermediateSize);
    addLinear(out, layer + ".output.dense", e.intermediateSize, h);
    addLayerNorm(out, layer + ".output.LayerNorm", h);
  }
  if (needsPooler(model))
    addLinear(out, "pooler.dense", h, h);
  for (const HeadConfig& head : model.heads) {
    switch (head.kind) {
    case HeadKind::Binary:
    case HeadKind::Classes:
      addLinear(out, head.prefix, h, head.numOutputs(e));
      break;
    case HeadKind::Mlm:
      // BertForPreTraining / BertForMaskedLM names; the decoder shares the word embeddings.
      addLinear(out, "cls.predictions.transform.dense", h, h);
      addLayerNorm(out, "cls.predictions.transform.LayerNorm", h);
      out.push_back(f32("cls.predictions.decoder.weight", {e.vocabSize, h},
                        "embeddings.word_embeddings.weight"));
      out.push_back(f32("cls.predictions.bias", {e.vocabSize}));
      break;
    case HeadKind::Nsp:
      addLinear(out, "cls.seq_relationship", h, 2);
      break;
    case HeadKind::Pooled:
    case HeadKind::Sequence:
      break;
    }
  }
  return out;
}

ModelFigures computeFigures(const ModelDescription& model) {
  const EncoderConfig& e = model.encoder;
  const int64_t s = model.input.maxSeqLen, h = e.hiddenSize, inter = e.intermediateSize;
  ModelFigures f;
  for (const TensorSpec& t : expectedTensors(model))
    if (t.tiedTo.empty())
      f.parameters += t.elements();
  f.weightBytes = f.parameters * 4;

  // Per layer: Q, K, V and output projections, Q.K^T and P.V (each s*s*h multiply-adds over all
  // heads together), and the two feed-forward layers.
  const int64_t perLayerMacs = 4 * s * h * h + 2 * s * s * h + 2 * s * h * inter;
  int64_t macs = e.numLayers * perLayerMacs;
  if (needsPooler(model))
    macs += h * h;
  for (const HeadConfig& head : model.heads) {
    if (head.kind == HeadKind::Mlm)
      macs += s * (h * h + h * e.vocabSize);
    else
      macs += h * head.numOutputs(e);
  }
  f.flopsPerSequence = 2 * macs;

  // The largest moment inside a layer, in f32 values per sequence: during attention the layer
  // input, fused Q/K/V, one head-batch of scores and the context are live; during the
  // feed-forward block the attention output, the intermediate activation and the result.
  const int64_t attention = s * h + 3 * s * h + e.numHeads * s * s + s * h;
  const int64_t feedForward = s * h + s * inter + s * h;
  f.activationBytes = 4 * model.input.maxBatch * std::max(attention, feedForward);
  return f;
}

} // namespace bertc
