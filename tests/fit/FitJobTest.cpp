// The whole fit job on synthetic features: the saved file holds the encoder's tensors unchanged
// plus the head under Hugging Face names, the saved head reproduces the reported probabilities
// (recomputed here independently), the CSV/SVG/log agree with them, and a seed fixes every byte.
#include "fit/FitJob.h"

#include "weights/Safetensors.h"
#include "weights/SafetensorsWriter.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace bertc::fit {
namespace {

namespace fs = std::filesystem;

// Features of a text pair: counts of a few known words (each its own feature), the rest of the
// words in the last feature. Stands in for the encoder's pooled output.
class WordCountSource : public FeatureSource {
public:
  std::int64_t width() const override { return std::int64_t(words_.size()) + 1; }
  std::int64_t maxBatch() const override { return 4; }
  void pooledOutputs(const TextPair* rows, std::int64_t count, float* out) override {
    EXPECT_GE(count, 1);
    EXPECT_LE(count, maxBatch());
    ++calls;
    for (std::int64_t r = 0; r < count; ++r) {
      float* f = out + r * width();
      std::fill(f, f + width(), 0.0f);
      sawTextB = sawTextB || !rows[r].textB.empty();
      for (std::string_view text : {rows[r].textA, rows[r].textB}) {
        std::istringstream in{std::string(text)};
        for (std::string word; in >> word;) {
          auto it = std::find(words_.begin(), words_.end(), word);
          f[it - words_.begin()] += 1.0f; // unknown words land on the last feature
        }
      }
    }
  }
  std::vector<float> featuresOf(const Example& e) {
    std::vector<float> f(static_cast<std::size_t>(width()));
    TextPair pair{e.textA, e.textB};
    pooledOutputs(&pair, 1, f.data());
    return f;
  }

  int calls = 0;
  bool sawTextB = false;

private:
  std::vector<std::string> words_ = {"good", "great", "bad", "awful", "red", "blue", "green"};
};

std::string readBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeText(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// 40 train rows and 10 dev rows, each decided by its sentiment word; filler words vary.
void writeSentiment(const fs::path& dir) {
  const char* fillers[] = {"film", "plot", "the acting", "a story", "music"};
  std::string train = "sentence\tlabel\n", dev = "sentence\tlabel\n";
  for (int i = 0; i < 50; ++i) {
    const bool positive = i % 2 == 0;
    const std::string word = positive ? (i % 4 == 0 ? "good" : "great") : (i % 3 ? "bad" : "awful");
    const std::string row =
        word + " " + fillers[i % 5] + "\t" + (positive ? "positive" : "0") + "\n";
    (i < 40 ? train : dev) += row;
  }
  writeText(dir / "train.tsv", train);
  writeText(dir / "dev.tsv", dev);
}

struct EncoderFile {
  std::vector<float> embeddings = {0.5f, -1.0f, 2.0f, 0.25f, 3.0f, -4.0f};
  std::vector<std::uint16_t> half = {0x3C00, 0xC000}; // 1.0 and -2.0 in F16
  std::vector<float> staleWeight = std::vector<float>(8, 9.0f);
  std::vector<float> staleBias = {9.0f};
};

void writeEncoder(const fs::path& path, const EncoderFile& e) {
  using weights::TensorToWrite;
  weights::writeSafetensors(
      path.string(),
      {TensorToWrite::f32("bert.embeddings.word_embeddings.weight", {3, 2}, e.embeddings),
       {"encoder.half", {2}, weights::DType::F16, e.half.data(), 4},
       TensorToWrite::f32("classifier.weight", {1, 8}, e.staleWeight),
       TensorToWrite::f32("bert.classifier.bias", {1}, e.staleBias)});
}

class FitJobTest : public ::testing::Test {
public: // read by the TEST_F bodies, which are subclasses
  void SetUp() override {
    dir = fs::path(::testing::TempDir()) /
          ("fit_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    writeSentiment(dir);
    writeEncoder(dir / "encoder.safetensors", encoder);
  }

  FitOptions options(const std::string& tag, std::uint64_t seed = 3) {
    FitOptions o;
    o.trainPath = (dir / "train.tsv").string();
    o.devPath = (dir / "dev.tsv").string();
    o.encoderPath = (dir / "encoder.safetensors").string();
    o.outPath = (dir / (tag + ".safetensors")).string();
    o.csvPath = (dir / (tag + ".csv")).string();
    o.plotPath = (dir / (tag + ".svg")).string();
    o.devProbabilitiesPath = (dir / (tag + ".probs.tsv")).string();
    o.train.epochs = 12;
    o.train.batchSize = 8;
    o.train.adam.learningRate = 0.05;
    o.train.dropout = 0.1;
    o.train.seed = seed;
    return o;
  }

  fs::path dir;
  EncoderFile encoder;
  HeadSpec binary{"classifier", true, {"negative", "positive"}, 0.1};
};

TEST_F(FitJobTest, SavesEncoderUnchangedPlusHeadThatReproducesDevProbabilities) {
  WordCountSource source;
  std::ostringstream log;
  FitOptions o = options("out");
  FitReport report = runFit(binary, o, source, log);

  // The file: encoder tensors byte-identical, stale head tensors replaced, the new head added.
  auto out = weights::SafetensorsFile::open(o.outPath);
  std::vector<std::string> names;
  for (const weights::TensorEntry& t : out->tensors())
    names.push_back(t.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"bert.embeddings.word_embeddings.weight", "classifier.bias",
                                      "classifier.weight", "encoder.half"}));
  const weights::TensorEntry* emb = out->find("bert.embeddings.word_embeddings.weight");
  ASSERT_EQ(emb->shape, (std::vector<std::int64_t>{3, 2}));
  ASSERT_EQ(emb->bytes, 24u);
  EXPECT_EQ(std::memcmp(emb->data, encoder.embeddings.data(), 24), 0);
  const weights::TensorEntry* half = out->find("encoder.half");
  EXPECT_EQ(half->dtype, weights::DType::F16);
  ASSERT_EQ(half->bytes, 4u);
  EXPECT_EQ(std::memcmp(half->data, encoder.half.data(), 4), 0);

  const std::int64_t width = source.width();
  const weights::TensorEntry* w = out->find("classifier.weight");
  const weights::TensorEntry* b = out->find("classifier.bias");
  ASSERT_EQ(w->shape, (std::vector<std::int64_t>{1, width}));
  ASSERT_EQ(b->shape, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(w->dtype, weights::DType::F32);
  std::vector<float> weight(static_cast<std::size_t>(width));
  float bias = 0;
  std::memcpy(weight.data(), w->data, w->bytes);
  std::memcpy(&bias, b->data, 4);
  EXPECT_NE(bias, 9.0f);

  // Reload: sigmoid(w . x + b) from the saved tensors, computed here, matches the report.
  Dataset dev = readDataset(o.devPath, binary);
  ASSERT_EQ(report.devProbabilities.size(), dev.examples.size());
  int right = 0;
  for (std::size_t r = 0; r < dev.examples.size(); ++r) {
    std::vector<float> x = source.featuresOf(dev.examples[r]);
    double z = bias;
    for (std::int64_t i = 0; i < width; ++i)
      z += double(weight[std::size_t(i)]) * x[std::size_t(i)];
    const double p = 1.0 / (1.0 + std::exp(-z));
    EXPECT_NEAR(report.devProbabilities[r], p, 1e-6) << "dev row " << r;
    right += (p > 0.5) == (dev.examples[r].label == 1);
  }
  EXPECT_EQ(right, 10); // every dev row is decided by a word the train rows teach

  // The probabilities file says the same, row by row with dev line numbers.
  std::istringstream probs(readBytes(o.devProbabilitiesPath));
  std::string line;
  std::getline(probs, line);
  EXPECT_EQ(line, "line\tprobability");
  for (std::size_t r = 0; r < dev.examples.size(); ++r) {
    ASSERT_TRUE(std::getline(probs, line));
    const std::size_t tab = line.find('\t');
    EXPECT_EQ(std::stoll(line.substr(0, tab)), dev.examples[r].line);
    EXPECT_NEAR(std::stod(line.substr(tab + 1)), report.devProbabilities[r], 1e-8);
  }

  // One line per epoch, then the dev accuracy last.
  std::vector<std::string> lines;
  std::istringstream logLines(log.str());
  for (std::string l; std::getline(logLines, l);)
    lines.push_back(l);
  ASSERT_EQ(lines.size(), 13u);
  EXPECT_EQ(lines[0].rfind("epoch 1/12: train loss ", 0), 0u);
  EXPECT_NE(lines[0].find(", dev loss "), std::string::npos);
  EXPECT_EQ(lines.back(), "dev accuracy: 1.0000");
  EXPECT_EQ(report.history.size(), 12u);
  EXPECT_EQ(report.history.back().dev->accuracy, 1.0);
  // Features were computed once per row, at most maxBatch() rows per call: 40/4 + 10/4 rounded up.
  EXPECT_EQ(source.calls, 10 + 3 + 10); // + the 10 single-row calls above
}

TEST_F(FitJobTest, CsvAndSvgRecordEveryEpoch) {
  WordCountSource source;
  std::ostringstream log;
  FitOptions o = options("curves");
  FitReport report = runFit(binary, o, source, log);

  std::istringstream csv(readBytes(o.csvPath));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "epoch,train_loss,train_accuracy,dev_loss,dev_accuracy");
  for (const EpochMetrics& m : report.history) {
    ASSERT_TRUE(std::getline(csv, line));
    std::vector<double> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');)
      cells.push_back(std::stod(cell));
    ASSERT_EQ(cells.size(), 5u);
    EXPECT_EQ(cells[0], m.epoch);
    EXPECT_NEAR(cells[1], m.train.loss, 1e-8 * (1 + m.train.loss));
    EXPECT_NEAR(cells[2], m.train.accuracy, 1e-8);
    EXPECT_NEAR(cells[3], m.dev->loss, 1e-8 * (1 + m.dev->loss));
    EXPECT_NEAR(cells[4], m.dev->accuracy, 1e-8);
  }
  EXPECT_FALSE(std::getline(csv, line));

  const std::string svg = readBytes(o.plotPath);
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = svg.find(needle); at != std::string::npos; at = svg.find(needle, at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(count("<polyline"), 4u);     // train and dev, in each of two panels
  EXPECT_EQ(count("<circle"), 4u * 12u); // a marker per epoch on each curve
  EXPECT_EQ(count(">loss</text>"), 1u);
  EXPECT_EQ(count(">accuracy</text>"), 1u);
  EXPECT_EQ(count(">train</text>"), 2u); // a legend per panel
  EXPECT_EQ(count(">dev</text>"), 2u);
  EXPECT_EQ(count(">12</text>"), 2u); // the last epoch's tick on both x axes
  EXPECT_EQ(count("<g>"), count("</g>"));
}

TEST_F(FitJobTest, SameSeedSameBytesOtherSeedOtherWeights) {
  std::ostringstream log;
  WordCountSource s1, s2, s3;
  runFit(binary, options("a", 7), s1, log);
  runFit(binary, options("b", 7), s2, log);
  runFit(binary, options("c", 8), s3, log);
  for (const char* ext : {".safetensors", ".csv", ".svg", ".probs.tsv"})
    EXPECT_EQ(readBytes(dir / (std::string("a") + ext)), readBytes(dir / (std::string("b") + ext)))
        << ext;
  EXPECT_NE(readBytes(dir / "a.safetensors"), readBytes(dir / "c.safetensors"));
}

TEST_F(FitJobTest, ClassesHeadOnPairsWritesNByHiddenAndSoftmaxProbabilities) {
  const HeadSpec colours{"classifier", false, {"r", "g", "b"}, 0.0};
  std::string train = "text_a\ttext_b\tlabel\n", dev = train;
  const char* words[] = {"red", "green", "blue"};
  const char* labels[] = {"r", "g", "b"};
  for (int i = 0; i < 36; ++i)
    (i < 30 ? train : dev) += std::string("a ") + words[i % 3] + "\tthe thing\t" +
                              (i % 2 ? labels[i % 3] : std::to_string(i % 3)) + "\n";
  writeText(dir / "train.tsv", train);
  writeText(dir / "dev.tsv", dev);

  WordCountSource source;
  std::ostringstream log;
  FitOptions o = options("classes");
  FitReport report = runFit(colours, o, source, log);
  EXPECT_TRUE(source.sawTextB);

  auto out = weights::SafetensorsFile::open(o.outPath);
  const std::int64_t width = source.width();
  ASSERT_EQ(out->find("classifier.weight")->shape, (std::vector<std::int64_t>{3, width}));
  ASSERT_EQ(out->find("classifier.bias")->shape, (std::vector<std::int64_t>{3}));
  std::vector<float> w(static_cast<std::size_t>(3 * width)), b(3);
  std::memcpy(w.data(), out->find("classifier.weight")->data, w.size() * 4);
  std::memcpy(b.data(), out->find("classifier.bias")->data, 12);

  Dataset d = readDataset(o.devPath, colours);
  ASSERT_EQ(report.devProbabilities.size(), 3 * d.examples.size());
  for (std::size_t r = 0; r < d.examples.size(); ++r) {
    std::vector<float> x = source.featuresOf(d.examples[r]);
    double z[3], sum = 0;
    for (int c = 0; c < 3; ++c) {
      z[c] = b[std::size_t(c)];
      for (std::int64_t i = 0; i < width; ++i)
        z[c] += double(w[std::size_t(c * width + i)]) * x[std::size_t(i)];
      sum += std::exp(z[c]);
    }
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(report.devProbabilities[r * 3 + std::size_t(c)], std::exp(z[c]) / sum, 1e-6);
  }
  EXPECT_EQ(log.str().substr(log.str().rfind("dev accuracy: ")), "dev accuracy: 1.0000\n");
  EXPECT_EQ(readBytes(o.devProbabilitiesPath).substr(0, 11), "line\tr\tg\tb\n");
}

TEST_F(FitJobTest, WithoutDevTheLogEndsWithTheLastEpochAndCsvLeavesDevEmpty) {
  WordCountSource source;
  std::ostringstream log;
  FitOptions o = options("nodev");
  o.devPath.clear();
  o.devProbabilitiesPath.clear();
  o.train.epochs = 2;
  runFit(binary, o, source, log);
  EXPECT_EQ(log.str().find("dev"), std::string::npos);
  EXPECT_EQ(log.str().rfind("epoch 2/2: train loss "),
            log.str().rfind('\n', log.str().size() - 2) + 1);
  const std::string csv = readBytes(o.csvPath);
  EXPECT_EQ(csv.substr(csv.size() - 3), ",,\n");
}

TEST_F(FitJobTest, BadRowsFailBeforeAnyFeatureIsComputed) {
  writeText(dir / "dev.tsv", "sentence\tlabel\ngood\t1\nbad\t7\n\t0\n");
  WordCountSource source;
  std::ostringstream log;
  try {
    runFit(binary, options("bad"), source, log);
    FAIL() << "expected DatasetError";
  } catch (const DatasetError& e) {
    const std::string dev = (dir / "dev.tsv").string();
    ASSERT_EQ(e.problems().size(), 2u);
    EXPECT_EQ(e.problems()[0],
              dev + ":3: label '7' is not one of negative, positive or an integer in [0, 2)");
    EXPECT_EQ(e.problems()[1], dev + ":4: empty text in column 'sentence'");
  }
  EXPECT_EQ(source.calls, 0);
  EXPECT_FALSE(fs::exists(dir / "bad.safetensors"));
}

TEST_F(FitJobTest, BaselinesArePrintedFirst) {
  WordCountSource source;
  std::ostringstream log;
  FitOptions o = options("baselines");
  o.baselines = true;
  FitReport report = runFit(binary, o, source, log);
  ASSERT_TRUE(report.baselines.has_value());
  // 20 positive and 20 negative train rows: the tie picks label 0, right on 5 of the 10 dev rows.
  EXPECT_DOUBLE_EQ(report.baselines->majority, 0.5);
  EXPECT_EQ(log.str().rfind("majority accuracy: 0.5000\n"
                            "bag-of-words logistic regression accuracy: ",
                            0),
            0u);
}

} // namespace
} // namespace bertc::fit
