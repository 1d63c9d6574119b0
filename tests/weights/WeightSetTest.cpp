// Binding checkpoints to a model's expected tensors: names with and without "bert.", zero-copy
// and converted tensors, ties, and one test per kind of mismatch with its exact message.
#include "TestSupport.h"
#include "weights/SafetensorsWriter.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bertc::weights::test {
namespace {

std::shared_ptr<const SafetensorsFile> inMemory(const std::string& bytes) {
  return SafetensorsFile::fromBuffer(bytes.data(), bytes.size(), "t.st");
}

// The tiny checkpoint rewritten with `rename` applied to every name.
template <typename F> std::string renamedTiny(F rename) {
  const auto file = SafetensorsFile::open(tinyCheckpointPath());
  std::vector<TensorToWrite> tensors;
  for (const TensorEntry& t : file->tensors())
    tensors.push_back({rename(t.name), t.shape, t.dtype, t.data, t.bytes});
  return serializeSafetensors(tensors);
}

std::string bindError(const std::string& bytes, const std::vector<ExpectedTensor>& expected) {
  return errorOf([&] { WeightSet::bind(inMemory(bytes), expected); });
}

TEST(WeightSet, BindsTinyCheckpointWithoutCopying) {
  const WeightSet set = WeightSet::load(tinyCheckpointPath(), tinyExpected());
  EXPECT_EQ(set.mappedBytes(), kTinyFileBytes);
  EXPECT_EQ(set.ownedBytes(), 0u); // the data starts at 8 + 2320, 4-byte aligned: all zero-copy
  EXPECT_TRUE(set.warnings().empty());
  for (const ExpectedTensor& e : tinyExpected()) {
    const Tensor& t = set.get(e.name);
    EXPECT_TRUE(t.zeroCopy) << e.name;
    EXPECT_EQ(t.shape, e.shape) << e.name;
  }
  // Bits read independently with python3's struct module (see SafetensorsTest.cpp).
  EXPECT_EQ(bitsOf(set.get("embeddings.word_embeddings.weight").data[4999]), 0xbd2e3ad3u);
  EXPECT_EQ(bitsOf(set.get("encoder.layer.0.attention.self.key.weight").data[399]), 0x3c294da5u);
}

TEST(WeightSet, KeepsTheFileMappedWhileInUse) {
  auto file = SafetensorsFile::open(tinyCheckpointPath());
  const WeightSet set = WeightSet::bind(file, tinyExpected());
  file.reset(); // the set shares ownership of the mapping
  EXPECT_EQ(bitsOf(set.get("embeddings.word_embeddings.weight").data[0]), 0xbc97332cu);
}

// The finiteness check hands mapped file pages back (the kernel reads them again on use); bytes
// that are not the file's own pages (a copied file, a borrowed buffer) must keep their values.
TEST(WeightSet, CheckingFinitenessKeepsEveryTensorsValues) {
  const std::string bytes = renamedTiny([](const std::string& n) { return n; });
  const std::string name = "embeddings.position_embeddings.weight"; // 40 kB: whole pages
  const auto file = SafetensorsFile::open(tinyCheckpointPath());
  const TensorEntry* entry = file->find(name);
  ASSERT_TRUE(entry);
  std::vector<float> want(size_t(entry->bytes / 4));
  std::memcpy(want.data(), entry->data, size_t(entry->bytes));
  std::vector<WeightSet> sets;
  sets.push_back(WeightSet::load(tinyCheckpointPath(), tinyExpected()));
  sets.push_back(WeightSet::load(tinyCheckpointPath(), tinyExpected(), /*copy=*/true));
  sets.push_back(WeightSet::bind(inMemory(bytes), tinyExpected()));
  for (const WeightSet& set : sets) {
    EXPECT_TRUE(set.nonFiniteTensors().empty());
    const Tensor& t = set.get(name);
    EXPECT_TRUE(std::equal(want.begin(), want.end(), t.data));
  }
}

// Kilobytes of `path`'s mapping resident in this process (/proc/self/smaps).
size_t residentKilobytesOf(const std::string& path) {
  std::ifstream smaps("/proc/self/smaps");
  size_t total = 0;
  bool inFile = false;
  for (std::string line; std::getline(smaps, line);) {
    if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
        line.find('-') < line.find(' '))
      inFile = line.size() >= path.size() &&
               line.compare(line.size() - path.size(), path.size(), path) == 0;
    else if (inFile && line.rfind("Rss:", 0) == 0)
      total += std::stoul(line.substr(4));
  }
  return total;
}

// Reading a small tensor after the large ones were checked and handed back maps a few pages of
// the file, not the megabytes around it: the kernel may keep a file's page cache in large folios
// and map a whole 2 MB one on a single fault (Linux 6.18 on ext4: 6 MB here without
// MADV_NOHUGEPAGE), which put ~60 MB of handed-back bert-base weights back into an int8 model's
// RSS as its biases were read. Where the page cache has no large folios this passes either way.
TEST(WeightSet, ReadingASmallTensorKeepsItsNeighboursPagesOut) {
  constexpr int64_t kBig = 1024 * 1024; // floats: 4 MB each
  const std::vector<float> big(size_t(kBig), 0.5f), bias(256, 0.25f);
  std::vector<TensorToWrite> tensors;
  std::vector<ExpectedTensor> expected;
  for (const char* layer : {"a", "b", "c"}) {
    tensors.push_back(TensorToWrite::f32(std::string(layer) + ".bias", {256}, bias));
    tensors.push_back(TensorToWrite::f32(std::string(layer) + ".weight", {1024, 1024}, big));
    expected.push_back({std::string(layer) + ".bias", {256}});
    expected.push_back({std::string(layer) + ".weight", {1024, 1024}});
  }
  const std::string path = tempPath("neighbours.safetensors");
  writeFile(path, serializeSafetensors(tensors)); // one write: large folios in the page cache
  const WeightSet set = WeightSet::load(path, expected);
  ASSERT_TRUE(set.nonFiniteTensors().empty()); // reads every page, hands the weights' back
  float sum = 0;
  for (const char* layer : {"a", "b", "c"})
    sum += set.get(std::string(layer) + ".bias").data[0];
  EXPECT_EQ(sum, 0.75f);
  EXPECT_LE(residentKilobytesOf(path), 1024u);
}

// A large mapped tensor is handed back as it is checked, never resident whole: bert-tiny's
// peak RSS was its 15.6 MB word-embedding table checked in one piece (21.5 MB, 18.0 MB now).
// Measured in a child process, whose peak RSS starts from its state at fork.
TEST(WeightSet, CheckingALargeTensorNeverHoldsItWhole) {
  constexpr int64_t kFloats = 8 * 1024 * 1024; // 32 MB
  std::vector<float> big(size_t(kFloats), 0.5f);
  const std::string path = tempPath("large.safetensors");
  writeFile(path, serializeSafetensors({TensorToWrite::f32("w", {kFloats}, big)}));
  big = {};
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const WeightSet set = WeightSet::load(path, {{"w", {kFloats}}});
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    const bool finite = set.nonFiniteTensors().empty();
    getrusage(RUSAGE_SELF, &after);
    _exit(!finite ? 2 : after.ru_maxrss - before.ru_maxrss > 8 * 1024 ? 3 : 0); // kB
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2: a value read as non-finite; 3: peak RSS grew by more "
                                       "than 8 MB checking a 32 MB tensor";
}

// Non-finite values are counted across the chunks the check hands back one by one.
TEST(WeightSet, NonFiniteValuesAreFoundOnBothSidesOfAChunk) {
  constexpr int64_t kFloats = 3 * 512 * 1024 + 5; // past two 2 MiB chunks
  std::vector<float> w(size_t(kFloats), 1.0f);
  w[512 * 1024 - 1] = std::numeric_limits<float>::infinity();
  w[512 * 1024] = std::numeric_limits<float>::quiet_NaN();
  w[kFloats - 1] = -std::numeric_limits<float>::infinity();
  const std::string path = tempPath("chunks.safetensors");
  writeFile(path, serializeSafetensors({TensorToWrite::f32("w", {kFloats}, w)}));
  const WeightSet set = WeightSet::load(path, {{"w", {kFloats}}});
  const std::vector<std::string> problems = set.nonFiniteTensors();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("tensor w holds 3 NaN or infinite values (the first at element " +
                             std::to_string(512 * 1024 - 1) + " of " + std::to_string(kFloats) +
                             ")"),
            std::string::npos)
      << problems[0];
  EXPECT_EQ(set.get("w").data[512 * 1024 + 1], 1.0f); // handed-back pages read back in
}

TEST(WeightSet, AcceptsTheBertPrefixOfTaskModels) {
  // BertForSequenceClassification: encoder names under "bert.", the classifier without it.
  const std::vector<float> classifier(2 * 20, 0.5f), bias = {0.25f, -0.25f};
  const auto file = SafetensorsFile::open(tinyCheckpointPath());
  std::vector<TensorToWrite> tensors = {
      TensorToWrite::f32("classifier.weight", {2, 20}, classifier),
      TensorToWrite::f32("classifier.bias", {2}, bias)};
  for (const TensorEntry& t : file->tensors())
    tensors.push_back({"bert." + t.name, t.shape, t.dtype, t.data, t.bytes});
  const std::string bytes = serializeSafetensors(tensors);
  std::vector<ExpectedTensor> expected = tinyExpected();
  expected.push_back({"classifier.weight", {2, 20}});
  expected.push_back({"classifier.bias", {2}});

  const WeightSet set = WeightSet::bind(inMemory(bytes), expected);
  EXPECT_EQ(bitsOf(set.get("embeddings.word_embeddings.weight").data[1]), 0x3c893004u);
  EXPECT_EQ(set.get("classifier.bias").data[1], -0.25f);
  EXPECT_EQ(set.find("bert.embeddings.word_embeddings.weight"), nullptr); // stored unprefixed
}

TEST(WeightSet, NameWithAndWithoutPrefixIsAnError) {
  const std::vector<float> v = {1, 2};
  const std::string bytes =
      serializeSafetensors({TensorToWrite::f32("pooler.dense.bias", {2}, v),
                            TensorToWrite::f32("bert.pooler.dense.bias", {2}, v)});
  EXPECT_EQ(bindError(bytes, {{"pooler.dense.bias", {2}}}),
            "t.st: tensor pooler.dense.bias is present both as pooler.dense.bias and as "
            "bert.pooler.dense.bias");
}

TEST(WeightSet, ConvertsF16AndBF16AtLoad) {
  const std::vector<std::uint16_t> half = {0x3C00, 0xC000, 0x3555, 0x0001};
  const std::vector<std::uint16_t> brain = {0x3F80, 0xC040, 0x3EAB};
  const std::string h = bytesOf(half), b = bytesOf(brain);
  const std::string bytes = serializeSafetensors(
      {{"h", {2, 2}, DType::F16, h.data(), h.size()}, {"b", {3}, DType::BF16, b.data(), b.size()}});
  const WeightSet set = WeightSet::bind(inMemory(bytes), {{"h", {2, 2}}, {"b", {3}}});
  const Tensor& ht = set.get("h");
  EXPECT_FALSE(ht.zeroCopy);
  EXPECT_EQ(ht.data[0], 1.0f);
  EXPECT_EQ(ht.data[1], -2.0f);
  EXPECT_EQ(ht.data[2], 0.333251953125f);         // 2^-2 * (1 + 341/1024)
  EXPECT_EQ(ht.data[3], 5.9604644775390625e-08f); // 2^-24, a subnormal half
  const Tensor& bt = set.get("b");
  EXPECT_EQ(bt.data[0], 1.0f);
  EXPECT_EQ(bt.data[1], -3.0f);
  EXPECT_EQ(bt.data[2], 0.333984375f); // 2^-2 * (1 + 43/128)
  EXPECT_EQ(set.ownedBytes(), (4u + 3u) * 4u);
}

TEST(WeightSet, CopiesUnalignedF32) {
  // 10 header bytes put the data at offset 18 of a page-aligned mapping: not 4-byte aligned.
  const std::string data("\x00\x00\x80\x3f\x00\x00\x00\xc0", 8); // 1.0f, -2.0f
  const std::string header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const std::string padded = header + std::string(10 - header.size() % 8, ' ');
  ASSERT_EQ((8 + padded.size()) % 4, 2u);
  const std::string path = tempPath("unaligned.safetensors");
  writeFile(path, craft(padded, data));
  const WeightSet set = WeightSet::load(path, {{"w", {2}}});
  EXPECT_FALSE(set.get("w").zeroCopy);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(set.get("w").data) % 64, 0u);
  EXPECT_EQ(set.get("w").data[0], 1.0f);
  EXPECT_EQ(set.get("w").data[1], -2.0f);
  EXPECT_EQ(set.ownedBytes(), 8u);
  std::remove(path.c_str());
}

TEST(WeightSet, MissingTensor) {
  std::vector<ExpectedTensor> expected = tinyExpected();
  expected.push_back({"classifier.weight", {1, 20}});
  EXPECT_EQ(errorOf([&] { WeightSet::load(tinyCheckpointPath(), expected); }),
            tinyCheckpointPath() + ": missing tensor classifier.weight: expected [1, 20] F32");
}

TEST(WeightSet, UnexpectedTensor) {
  std::vector<ExpectedTensor> expected = tinyExpected();
  expected.erase(std::find_if(expected.begin(), expected.end(), [](const ExpectedTensor& e) {
    return e.name == "encoder.layer.0.intermediate.dense.bias";
  }));
  EXPECT_EQ(errorOf([&] { WeightSet::load(tinyCheckpointPath(), expected); }),
            tinyCheckpointPath() + ": unexpected tensor encoder.layer.0.intermediate.dense.bias "
                                   "[40] F32");
}

TEST(WeightSet, KnownNonModelTensorsOnlyWarn) {
  // A BertForPreTraining-style checkpoint bound to a model without pooler or MLM head.
  const std::vector<float> pooler(4, 1.0f), mlm = {1, 2, 3};
  const std::vector<std::int64_t> positions = {0, 1};
  const std::string bytes = serializeSafetensors(
      {TensorToWrite::f32("bert.pooler.dense.bias", {4}, pooler),
       TensorToWrite::f32("cls.predictions.bias", {3}, mlm),
       {"bert.embeddings.position_ids", {1, 2}, DType::I64, positions.data(), 16},
       TensorToWrite::f32("w", {3}, mlm)});
  const WeightSet set = WeightSet::bind(inMemory(bytes), {{"w", {3}}});
  EXPECT_EQ(
      set.warnings(),
      (std::vector<std::string>{
          "t.st: ignoring tensor bert.embeddings.position_ids [1, 2] I64, not used by this model",
          "t.st: ignoring tensor bert.pooler.dense.bias [4] F32, not used by this model",
          "t.st: ignoring tensor cls.predictions.bias [3] F32, not used by this model"}));
  EXPECT_EQ(set.find("cls.predictions.bias"), nullptr);
}

TEST(WeightSet, WrongShape) {
  std::vector<ExpectedTensor> expected = tinyExpected();
  expected[5].shape = {20, 40}; // encoder.layer.0.attention.self.query.weight
  EXPECT_EQ(errorOf([&] { WeightSet::load(tinyCheckpointPath(), expected); }),
            tinyCheckpointPath() + ": tensor encoder.layer.0.attention.self.query.weight: "
                                   "expected [20, 40] F32, got [20, 20] F32");
}

TEST(WeightSet, WrongDtype) {
  const std::vector<std::int64_t> ids = {1, 2};
  const std::vector<double> wide = {1.0};
  const std::string bytes = serializeSafetensors(
      {{"ids", {2}, DType::I64, ids.data(), 16}, {"wide", {1}, DType::F64, wide.data(), 8}});
  EXPECT_EQ(
      bindError(bytes, {{"ids", {2}}, {"wide", {1}}}),
      "t.st: tensor ids: expected [2] F32, got [2] I64 (only F32, F16 and BF16 can be loaded)\n"
      "t.st: tensor wide: expected [1] F32, got [1] F64 (only F32, F16 and BF16 can be "
      "loaded)");
}

TEST(WeightSet, EveryProblemIsReportedAtOnce) {
  const std::string bytes = renamedTiny([](const std::string& n) {
    return n == "pooler.dense.bias" ? "pooler_dense.bias" : "bert." + n;
  });
  std::vector<ExpectedTensor> expected = tinyExpected();
  expected[3].shape = {21}; // embeddings.LayerNorm.weight
  try {
    WeightSet::bind(inMemory(bytes), expected);
    FAIL() << "no error";
  } catch (const WeightsError& e) {
    EXPECT_EQ(e.problems(),
              (std::vector<std::string>{
                  "t.st: tensor bert.embeddings.LayerNorm.weight: expected [21] F32, got [20] F32",
                  "t.st: missing tensor pooler.dense.bias: expected [20] F32",
                  "t.st: unexpected tensor pooler_dense.bias [20] F32"}));
  }
}

TEST(WeightSet, TiedTensorsShareOneCopy) {
  const std::vector<float> words = {1, 2, 3, 4};
  const std::vector<ExpectedTensor> expected = {
      {"embeddings.word_embeddings.weight", {2, 2}},
      {"cls.predictions.decoder.weight", {2, 2}, "embeddings.word_embeddings.weight"}};
  // Only the target present: the tied tensor reads it.
  const std::string onlyTarget = serializeSafetensors(
      {TensorToWrite::f32("bert.embeddings.word_embeddings.weight", {2, 2}, words)});
  const WeightSet a = WeightSet::bind(inMemory(onlyTarget), expected);
  EXPECT_EQ(a.get("cls.predictions.decoder.weight").data,
            a.get("embeddings.word_embeddings.weight").data);
  EXPECT_EQ(a.get("cls.predictions.decoder.weight").data[3], 4.0f);
  // Only the tied tensor present (a checkpoint that kept the other name): the target reads it.
  const std::string onlyTied =
      serializeSafetensors({TensorToWrite::f32("cls.predictions.decoder.weight", {2, 2}, words)});
  const WeightSet b = WeightSet::bind(inMemory(onlyTied), expected);
  EXPECT_EQ(b.get("embeddings.word_embeddings.weight").data[2], 3.0f);
  EXPECT_EQ(b.ownedBytes(), 0u);
  // Neither: both are missing.
  EXPECT_EQ(bindError(serializeSafetensors({}), expected),
            "t.st: missing tensor embeddings.word_embeddings.weight: expected [2, 2] F32\n"
            "t.st: missing tensor cls.predictions.decoder.weight: expected [2, 2] F32");
}

} // namespace
} // namespace bertc::weights::test
