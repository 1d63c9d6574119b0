// The C++ weight generator (runtime/init) agrees bit for bit with tests/reference/weightgen.py,
// through golden/weightgen-check.json; and the golden cases that bert_reference.py wrote are
// consistent: well-formed, probabilities match logits, padding never changes real outputs, and
// the embedding output rebuilt in C++ from fillTensor weights matches the PyTorch one.
#include "init/WeightInit.h"

#include "GoldenCase.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace {

using bertc::InitProfile;
using bertc::reference::GoldenCase;
using bertc::reference::GoldenTensor;
using nlohmann::json;

const std::string kGolden = BERTC_REFERENCE_GOLDEN_DIR;

uint32_t bitsOf(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

std::string hex(uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llx", width, static_cast<unsigned long long>(v));
  return buf;
}

InitProfile profileOf(const json& j) {
  auto p = bertc::parseInitProfile(j.at("profile").get<std::string>());
  if (!p)
    throw std::runtime_error("unknown profile");
  return *p;
}

const json& check() {
  static const json doc =
      json::parse(bertc::reference::readFile(kGolden + "/weightgen-check.json"));
  return doc;
}

TEST(WeightInit, ProfileNames) {
  EXPECT_EQ(bertc::parseInitProfile("bert"), InitProfile::Bert);
  EXPECT_EQ(bertc::parseInitProfile("sharp"), InitProfile::Sharp);
  EXPECT_FALSE(bertc::parseInitProfile("Sharp").has_value());
  EXPECT_STREQ(bertc::toString(InitProfile::Sharp), "sharp");
}

TEST(WeightInit, ValuesMatchPython) {
  const json& values = check().at("values");
  ASSERT_GT(values.size(), 50u);
  size_t compared = 0;
  for (const json& v : values) {
    const uint64_t seed = v.at("seed").get<uint64_t>();
    const std::string name = v.at("name").get<std::string>();
    const InitProfile profile = profileOf(v);
    const std::vector<int64_t> shape = v.at("shape").get<std::vector<int64_t>>();
    EXPECT_EQ(bertc::toString(bertc::initClassOf(name)), v.at("class").get<std::string>()) << name;
    const json& indices = v.at("indices");
    const json& bits = v.at("bits");
    ASSERT_EQ(indices.size(), bits.size());
    for (size_t i = 0; i < indices.size(); ++i) {
      const uint64_t index = indices[i].get<uint64_t>();
      const float got = bertc::initValue(seed, name, shape, index, profile);
      EXPECT_EQ(hex(bitsOf(got), 8), bits[i].get<std::string>())
          << "seed " << seed << " name '" << name << "' shape[" << shape.size() << "] index "
          << index << " profile " << bertc::toString(profile) << " value " << got;
      ++compared;
    }
  }
  EXPECT_GT(compared, 500u);
}

// Whole tensors of five models, compared through an order-sensitive digest of the bit patterns.
TEST(WeightInit, TensorDigestsMatchPython) {
  const json& digests = check().at("digests");
  ASSERT_GT(digests.size(), 20u);
  std::vector<float> buf;
  for (const json& d : digests) {
    const std::string name = d.at("name").get<std::string>();
    const std::vector<int64_t> shape = d.at("shape").get<std::vector<int64_t>>();
    int64_t n = 1;
    for (int64_t s : shape)
      n *= s;
    buf.assign(static_cast<size_t>(n), -123.0f);
    const uint64_t seed = d.at("seed").get<uint64_t>();
    const InitProfile profile = profileOf(d);
    bertc::fillTensor(seed, name, shape, profile, buf.data());
    EXPECT_EQ(hex(bertc::valuesDigest(buf.data(), buf.size()), 16),
              d.at("digest").get<std::string>())
        << d.at("model").get<std::string>() << " " << name;
    // fillTensor is initValue element by element.
    for (size_t i : {size_t{0}, buf.size() / 2, buf.size() - 1})
      EXPECT_EQ(bitsOf(buf[i]), bitsOf(bertc::initValue(seed, name, shape, i, profile)))
          << name << " " << i;
  }
}

TEST(WeightInit, RangesAndMoments) {
  const size_t n = 200000;
  std::vector<float> v(n);
  struct Expect {
    const char* name;
    InitProfile profile;
    double centre, halfWidth;
  };
  const Expect cases[] = {
      {"embeddings.word_embeddings.weight", InitProfile::Sharp, 0.0, 0.5 * std::sqrt(3.0)},
      {"encoder.layer.0.attention.self.query.weight", InitProfile::Sharp, 0.0,
       0.2 * std::sqrt(3.0)},
      {"encoder.layer.0.attention.self.value.weight", InitProfile::Sharp, 0.0,
       0.1 * std::sqrt(3.0)},
      {"classifier.weight", InitProfile::Sharp, 0.0, 0.3 * std::sqrt(3.0)},
      {"encoder.layer.0.output.dense.bias", InitProfile::Sharp, 0.0, 0.1 * std::sqrt(3.0)},
      {"encoder.layer.0.output.LayerNorm.weight", InitProfile::Sharp, 1.0, 0.2},
      {"embeddings.LayerNorm.bias", InitProfile::Sharp, 0.0, 0.1},
      {"pooler.dense.weight", InitProfile::Bert, 0.0, 0.02 * std::sqrt(3.0)},
  };
  for (const Expect& e : cases) {
    bertc::fillTensor(42, e.name, {static_cast<int64_t>(n)}, e.profile, v.data());
    double sum = 0, sq = 0;
    for (float x : v) {
      ASSERT_LE(std::fabs(x - e.centre), e.halfWidth * (1 + 1e-6)) << e.name;
      sum += x;
      sq += (x - e.centre) * (x - e.centre);
    }
    const double stddev = e.halfWidth / std::sqrt(3.0);
    EXPECT_NEAR(sum / n, e.centre, 5 * stddev / std::sqrt(double(n))) << e.name;
    EXPECT_NEAR(std::sqrt(sq / n), stddev, 0.01 * stddev) << e.name;
  }
  // Bert profile: zero biases (+0.0, not -0.0), unit gammas.
  EXPECT_EQ(bitsOf(bertc::initValue(1, "classifier.bias", {1}, 3, InitProfile::Bert)), 0u);
  EXPECT_EQ(bertc::initValue(1, "embeddings.LayerNorm.weight", {128}, 3, InitProfile::Bert), 1.0f);
  EXPECT_EQ(bitsOf(bertc::initValue(1, "embeddings.LayerNorm.bias", {128}, 3, InitProfile::Bert)),
            0u);
  // Different seeds and names give different streams.
  EXPECT_NE(bertc::initValue(1, "pooler.dense.weight", {128, 128}, 0, InitProfile::Sharp),
            bertc::initValue(2, "pooler.dense.weight", {128, 128}, 0, InitProfile::Sharp));
  EXPECT_NE(
      bertc::initValue(1, "encoder.layer.0.output.dense.weight", {128, 512}, 0, InitProfile::Sharp),
      bertc::initValue(1, "encoder.layer.1.output.dense.weight", {128, 512}, 0,
                       InitProfile::Sharp));
}

// Sharp matrix, qk and head stds scale as sqrt(128 / in_features), in_features = shape[1]; width
// 128 and tensors that are not 2-D are unscaled; embeddings, biases, LayerNorm and the bert
// profile ignore the shape.
TEST(WeightInit, SharpFanInScaling) {
  auto fill = [](const std::string& name, const std::vector<int64_t>& shape, InitProfile profile) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    bertc::fillTensor(9, name, shape, profile, v.data());
    return v;
  };
  struct Expect {
    const char* name;
    std::vector<int64_t> shape;
    double std;
  };
  const Expect cases[] = {
      {"encoder.layer.0.attention.self.query.weight", {64, 512}, 0.2 * std::sqrt(128.0 / 512)},
      {"encoder.layer.0.attention.self.key.weight", {64, 768}, 0.2 * std::sqrt(128.0 / 768)},
      {"encoder.layer.0.output.dense.weight", {64, 3072}, 0.1 * std::sqrt(128.0 / 3072)},
      {"encoder.layer.0.intermediate.dense.weight", {300, 60}, 0.1 * std::sqrt(128.0 / 60)},
      {"classifier.weight", {1, 768}, 0.3 * std::sqrt(128.0 / 768)},
      {"pooler.dense.weight", {128, 128}, 0.1},
      {"encoder.layer.0.output.dense.bias", {768}, 0.1},
      {"embeddings.word_embeddings.weight", {100, 768}, 0.5},
  };
  for (const Expect& e : cases) {
    double mx = 0; // all these classes are centred on 0
    for (float x : fill(e.name, e.shape, InitProfile::Sharp))
      mx = std::max(mx, std::fabs(double(x)));
    EXPECT_LE(mx, e.std * std::sqrt(3.0) * (1 + 1e-6)) << e.name;
    EXPECT_GE(mx, e.std * std::sqrt(3.0) * 0.98) << e.name;
  }
  // Width 128 or a non-2-D shape: the same bits as a flat tensor (the unscaled stream).
  const std::string q = "encoder.layer.1.attention.self.query.weight";
  EXPECT_EQ(fill(q, {40, 128}, InitProfile::Sharp), fill(q, {5120}, InitProfile::Sharp));
  EXPECT_EQ(fill(q, {2, 20, 128}, InitProfile::Sharp), fill(q, {5120}, InitProfile::Sharp));
  EXPECT_NE(fill(q, {10, 512}, InitProfile::Sharp), fill(q, {5120}, InitProfile::Sharp));
  // The bert profile does not depend on the shape.
  EXPECT_EQ(fill(q, {6, 768}, InitProfile::Bert), fill(q, {4608}, InitProfile::Bert));
}

TEST(WeightInit, EmptyAndScalarShapes) {
  float x = -1.0f;
  bertc::fillTensor(1, "classifier.bias", {}, InitProfile::Sharp, &x); // a scalar: one element
  EXPECT_EQ(bitsOf(x), bitsOf(bertc::initValue(1, "classifier.bias", {}, 0, InitProfile::Sharp)));
  float untouched = -1.0f;
  bertc::fillTensor(1, "classifier.bias", {0, 5}, InitProfile::Sharp, &untouched);
  EXPECT_EQ(untouched, -1.0f);
}

// ---------------------------------------------------------------------------------------------
// Golden cases

std::vector<std::string> caseFiles() {
  return bertc::reference::goldenCaseFiles(kGolden);
}

TEST(GoldenCases, IndexListsTheCases) {
  const std::vector<std::string> files = caseFiles();
  const std::set<std::string> got(files.begin(), files.end());
  for (const char* c :
       {"tiny.json", "small.json", "odd.json", "allennlp.json", "pretraining.json", "base.json"})
    EXPECT_TRUE(got.count(c)) << c;
}

void expectFinite(const GoldenTensor& t, const std::string& what) {
  for (int64_t i = 0; i < t.elements(); ++i)
    ASSERT_TRUE(std::isfinite(t.data[i])) << what << " element " << i;
}

TEST(GoldenCases, WellFormed) {
  for (const std::string& file : caseFiles()) {
    SCOPED_TRACE(file);
    const GoldenCase c = bertc::reference::loadGoldenCase(kGolden, file);
    const json& cfg = c.doc.at("config");
    const int64_t hidden = cfg.at("hidden_size").get<int64_t>();
    const json& in = c.doc.at("inputs");
    const auto lengths = c.doc.at("lengths").get<std::vector<int64_t>>();
    const int64_t batch = static_cast<int64_t>(lengths.size());
    const int64_t seq = *std::max_element(lengths.begin(), lengths.end());
    ASSERT_EQ(static_cast<int64_t>(in.at("input_ids").size()), batch);
    for (int64_t r = 0; r < batch; ++r) {
      const auto mask = in.at("attention_mask")[r].get<std::vector<int>>();
      ASSERT_EQ(static_cast<int64_t>(mask.size()), seq);
      ASSERT_EQ(in.at("input_ids")[r].size(), mask.size());
      ASSERT_EQ(in.at("token_type_ids")[r].size(), mask.size());
      for (int64_t p = 0; p < seq; ++p)
        EXPECT_EQ(mask[p], p < lengths[r] ? 1 : 0);
      EXPECT_LE(seq, c.doc.at("max_seq_len").get<int64_t>());
      for (const json& id : in.at("input_ids")[r])
        EXPECT_LT(id.get<int64_t>(), cfg.at("vocab_size").get<int64_t>());
    }
    const GoldenTensor last = c.output("last_hidden_state");
    EXPECT_EQ(last.shape, (std::vector<int64_t>{batch, seq, hidden}));
    expectFinite(last, "last_hidden_state");
    for (int64_t r = 0; r < batch; ++r) // zeros at padded positions
      for (int64_t p = lengths[r]; p < seq; ++p)
        for (int64_t k = 0; k < hidden; ++k)
          ASSERT_EQ(last.data[(r * seq + p) * hidden + k], 0.0f);
    for (const json& head : cfg.at("heads")) {
      const std::string kind = head.at("kind").get<std::string>();
      const std::string name = head.value("name", kind);
      if (kind == "binary" || kind == "classes" || kind == "nsp") {
        const GoldenTensor logits = c.output(name + ".logits");
        const GoldenTensor probs = c.output(name + ".probabilities");
        ASSERT_EQ(logits.shape, probs.shape);
        ASSERT_EQ(logits.shape[0], batch);
        for (int64_t r = 0; r < batch; ++r) {
          const int64_t n = logits.shape[1];
          const float* l = logits.data + r * n;
          const float* p = probs.data + r * n;
          if (kind == "binary") {
            ASSERT_EQ(n, 1);
            EXPECT_NEAR(p[0], 1.0 / (1.0 + std::exp(-double(l[0]))), 1e-6);
          } else {
            double mx = *std::max_element(l, l + n), z = 0;
            for (int64_t k = 0; k < n; ++k)
              z += std::exp(double(l[k]) - mx);
            for (int64_t k = 0; k < n; ++k)
              EXPECT_NEAR(p[k], std::exp(double(l[k]) - mx) / z, 1e-6);
          }
        }
      } else if (kind == "mlm") {
        const GoldenTensor logits = c.output(name + ".logits");
        const auto positions = c.doc.at("mlm_positions").get<std::vector<std::vector<int64_t>>>();
        EXPECT_EQ(logits.shape, (std::vector<int64_t>{static_cast<int64_t>(positions.size()),
                                                      cfg.at("vocab_size").get<int64_t>()}));
        expectFinite(logits, "mlm logits");
      }
    }
    if (c.doc.at("outputs").contains("pooled_output")) {
      const GoldenTensor pooled = c.output("pooled_output");
      EXPECT_EQ(pooled.shape, (std::vector<int64_t>{batch, hidden}));
      for (int64_t i = 0; i < pooled.elements(); ++i)
        ASSERT_LE(std::fabs(pooled.data[i]), 1.0f);
    }
  }
}

// Each row of the tiny case run alone (batch 1, unpadded) gives the batched row's outputs.
TEST(GoldenCases, PaddingInvariance) {
  const GoldenCase c = bertc::reference::loadGoldenCase(kGolden, "tiny.json");
  const auto lengths = c.doc.at("lengths").get<std::vector<int64_t>>();
  const json& alone = c.doc.at("alone");
  ASSERT_EQ(alone.size(), lengths.size());
  const GoldenTensor last = c.output("last_hidden_state");
  const int64_t seq = last.shape[1], hidden = last.shape[2];
  for (const json& a : alone) {
    const int64_t r = a.at("row").get<int64_t>(), n = lengths[r];
    for (int64_t p = 0; p < n; ++p)
      EXPECT_EQ(a.at("inputs").at("input_ids")[0][p], c.doc.at("inputs").at("input_ids")[r][p]);
    const GoldenTensor one = c.tensor(a.at("outputs"), "last_hidden_state");
    ASSERT_EQ(one.shape, (std::vector<int64_t>{1, n, hidden}));
    for (int64_t i = 0; i < n * hidden; ++i)
      ASSERT_NEAR(one.data[i], last.data[r * seq * hidden + i], 1e-6) << "row " << r;
    for (const char* name : {"pooled_output", "binary.logits", "binary.probabilities"}) {
      const GoldenTensor batched = c.output(name), single = c.tensor(a.at("outputs"), name);
      const int64_t w = batched.shape[1];
      for (int64_t k = 0; k < w; ++k)
        EXPECT_NEAR(single.data[k], batched.data[r * w + k], 1e-6) << name << " row " << r;
    }
  }
}

// The odd case stores the embedding output; rebuild it in C++ from fillTensor weights (word +
// token type + position, LayerNorm), which ties the C++ generator to the PyTorch goldens.
TEST(GoldenCases, EmbeddingOutputFromCppWeights) {
  const GoldenCase c = bertc::reference::loadGoldenCase(kGolden, "odd.json");
  const json& cfg = c.doc.at("config");
  const json& w = c.doc.at("weights");
  ASSERT_EQ(w.at("generator"), "bertc-weightgen/2");
  const uint64_t seed = w.at("seed").get<uint64_t>();
  const InitProfile profile = profileOf(w);
  const int64_t h = cfg.at("hidden_size").get<int64_t>(),
                vocab = cfg.at("vocab_size").get<int64_t>(),
                positions = cfg.at("max_position_embeddings").get<int64_t>(),
                types = cfg.at("type_vocab_size").get<int64_t>();
  const double eps = cfg.at("layer_norm_eps").get<double>();
  auto make = [&](const std::string& name, std::vector<int64_t> shape) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    bertc::fillTensor(seed, name, shape, profile, v.data());
    return v;
  };
  const auto word = make("embeddings.word_embeddings.weight", {vocab, h});
  const auto pos = make("embeddings.position_embeddings.weight", {positions, h});
  const auto type = make("embeddings.token_type_embeddings.weight", {types, h});
  const auto gamma = make("embeddings.LayerNorm.weight", {h});
  const auto beta = make("embeddings.LayerNorm.bias", {h});
  const GoldenTensor golden = c.output("embedding_output");
  const auto lengths = c.doc.at("lengths").get<std::vector<int64_t>>();
  const int64_t seq = golden.shape[1];
  double worst = 0;
  for (size_t r = 0; r < lengths.size(); ++r)
    for (int64_t p = 0; p < lengths[r]; ++p) {
      const json& in = c.doc.at("inputs");
      const int64_t id = in.at("input_ids")[r][p].get<int64_t>();
      const int64_t tt = in.at("token_type_ids")[r][p].get<int64_t>();
      std::vector<double> x(static_cast<size_t>(h));
      double mean = 0, var = 0;
      for (int64_t k = 0; k < h; ++k) {
        x[k] = double(word[id * h + k]) + double(type[tt * h + k]) + double(pos[p * h + k]);
        mean += x[k];
      }
      mean /= double(h);
      for (int64_t k = 0; k < h; ++k)
        var += (x[k] - mean) * (x[k] - mean);
      var /= double(h);
      for (int64_t k = 0; k < h; ++k) {
        const double y = (x[k] - mean) / std::sqrt(var + eps) * gamma[k] + beta[k];
        worst = std::max(worst, std::fabs(y - golden.data[(int64_t(r) * seq + p) * h + k]));
      }
    }
  EXPECT_LT(worst, 2e-6);
}

} // namespace
