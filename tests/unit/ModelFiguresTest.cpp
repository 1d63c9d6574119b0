// Derived figures checked against hand-computed values (the arithmetic is in the comments), and
// against the parameter counts Hugging Face reports for its BertModel checkpoints.
#include "frontend/ModelFigures.h"

#include "frontend/ModelParser.h"

#include <gtest/gtest.h>

namespace bertc {
namespace {

ModelDescription load(const std::string& yaml) {
  ParseResult r = parseModelText(yaml, "m.yaml", ".");
  EXPECT_TRUE(r.model) << (r.errors.empty() ? "" : r.errors[0].str());
  return r.model ? *r.model : ModelDescription{};
}

ModelDescription withBinaryHead(const std::string& preset, int64_t seq = 128) {
  return load("name: m\npreset: " + preset + "\ninput: {max_seq_len: " + std::to_string(seq) +
              ", max_batch: 8}\nhead: {kind: binary}\n");
}

TEST(ModelFigures, BertBaseParameters) {
  // BertModel (bert-base-uncased): 109,482,240 parameters, as Hugging Face reports;
  //   embeddings 30522*768 + 512*768 + 2*768 + 2*768             =  23,837,184
  //   per layer 4*(768*768+768) + 2*(768*3072) + 3072 + 768 + 4*768 =   7,087,872  (x12)
  //   pooler 768*768 + 768                                       =     590,592
  // plus the binary classifier 768 + 1.
  ModelFigures f = computeFigures(withBinaryHead("bert-base-uncased"));
  EXPECT_EQ(f.parameters, 23837184 + 12 * 7087872 + 590592 + 769);
  EXPECT_EQ(f.parameters, 109483009);
  EXPECT_EQ(f.weightBytes, 4 * 109483009LL);
}

TEST(ModelFigures, BertLargeParameters) {
  // BertModel (bert-large-uncased): 335,141,888 parameters; plus the classifier 1024 + 1.
  ModelFigures f = computeFigures(withBinaryHead("bert-large-uncased"));
  EXPECT_EQ(f.parameters, 335141888 + 1025);
}

TEST(ModelFigures, BertBaseFlopsAtSequence128) {
  // Multiply-adds per layer at s=128, h=768, i=3072:
  //   Q,K,V,O projections 4*s*h*h = 301,989,888; scores and context 2*s*s*h = 25,165,824;
  //   feed-forward 2*s*h*i = 603,979,776; total 931,135,488.
  // Twelve layers, the pooler (768*768) and the head (768): 11,174,216,448 MACs = 22.35 GFLOP,
  // the ~22.3 GFLOP per sequence usually quoted for BERT-Base at 128 tokens.
  ModelFigures f = computeFigures(withBinaryHead("bert-base-uncased"));
  EXPECT_EQ(f.flopsPerSequence, 2 * (12 * 931135488LL + 589824 + 768));
  EXPECT_EQ(f.flopsPerSequence, 22348432896LL);
}

TEST(ModelFigures, FlopsGrowQuadraticallyOnlyInAttention) {
  // Halving the sequence halves everything except the s*s attention terms, which quarter.
  ModelFigures f128 = computeFigures(withBinaryHead("bert-tiny", 128));
  ModelFigures f64 = computeFigures(withBinaryHead("bert-tiny", 64));
  const int64_t h = 128, i = 512, layers = 2;
  const int64_t linear128 = layers * (4 * 128 * h * h + 2 * 128 * h * i);
  const int64_t attn128 = layers * 2 * 128 * 128 * h;
  const int64_t tail = h * h + h; // pooler + head
  EXPECT_EQ(f128.flopsPerSequence, 2 * (linear128 + attn128 + tail));
  EXPECT_EQ(f64.flopsPerSequence, 2 * (linear128 / 2 + attn128 / 4 + tail));
}

TEST(ModelFigures, ActivationEstimateForBertBase) {
  // Batch 8 x 128 tokens. Attention: input + fused QKV + 12 heads of 128x128 scores + context
  // = 128*768*5 + 12*128*128 = 688,128 values; feed-forward: 128*(768+3072+768) = 589,824.
  // The larger, times 4 bytes and batch 8: 22,020,096 bytes.
  ModelFigures f = computeFigures(withBinaryHead("bert-base-uncased"));
  EXPECT_EQ(f.activationBytes, 8 * 4 * 688128LL);
}

TEST(ModelFigures, BertBaseTensorList) {
  std::vector<TensorSpec> t = expectedTensors(withBinaryHead("bert-base-uncased"));
  // 5 embedding tensors, 16 per layer, pooler 2, classifier 2.
  ASSERT_EQ(t.size(), 5u + 16 * 12 + 2 + 2);
  EXPECT_EQ(t[0].name, "embeddings.word_embeddings.weight");
  EXPECT_EQ(t[0].shape, (std::vector<int64_t>{30522, 768}));
  EXPECT_EQ(t[5].name, "encoder.layer.0.attention.self.query.weight");
  EXPECT_EQ(t[5].shape, (std::vector<int64_t>{768, 768}));
  EXPECT_EQ(t[15].name, "encoder.layer.0.intermediate.dense.weight");
  EXPECT_EQ(t[15].shape, (std::vector<int64_t>{3072, 768})); // Linear weights are [out, in]
  EXPECT_EQ(t[t.size() - 2].name, "classifier.weight");
  EXPECT_EQ(t[t.size() - 2].shape, (std::vector<int64_t>{1, 768}));
  EXPECT_EQ(t.back().name, "classifier.bias");
  for (const TensorSpec& s : t)
    EXPECT_EQ(s.dtype, "F32");
}

TEST(ModelFigures, PretrainingHeadsTieTheDecoderAndSkipNothingElse) {
  ModelDescription m = load("name: m\npreset: bert-tiny\ninput: {max_seq_len: 8, max_batch: 1}\n"
                            "heads: [{kind: mlm}, {kind: nsp}]\n");
  std::vector<TensorSpec> t = expectedTensors(m);
  auto find = [&](const std::string& name) -> const TensorSpec* {
    for (const TensorSpec& s : t)
      if (s.name == name)
        return &s;
    return nullptr;
  };
  ASSERT_TRUE(find("pooler.dense.weight")); // nsp reads the pooled output
  ASSERT_TRUE(find("cls.predictions.decoder.weight"));
  EXPECT_EQ(find("cls.predictions.decoder.weight")->tiedTo, "embeddings.word_embeddings.weight");
  ASSERT_TRUE(find("cls.seq_relationship.weight"));
  EXPECT_EQ(find("cls.seq_relationship.weight")->shape, (std::vector<int64_t>{2, 128}));
  // The tied decoder is not counted twice: parameters = all tensors minus it.
  int64_t all = 0;
  for (const TensorSpec& s : t)
    all += s.elements();
  EXPECT_EQ(computeFigures(m).parameters, all - 30522 * 128);
}

TEST(ModelFigures, SequenceOnlyModelHasNoPooler) {
  ModelDescription m = load("name: m\npreset: bert-tiny\ninput: {max_seq_len: 8, max_batch: 1}\n"
                            "head: {kind: sequence}\n");
  for (const TensorSpec& s : expectedTensors(m))
    EXPECT_EQ(s.name.rfind("pooler", 0), std::string::npos) << s.name;
}

} // namespace
} // namespace bertc
