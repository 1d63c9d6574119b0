// Checkpoints as users hold them (weights/Checkpoint.h): PyTorch's pytorch_model.bin, sharded
// safetensors and directories, each checked against the tiny safetensors checkpoint the
// PyTorch-written files were made from (tests/reference/torch_checkpoints.py).
#include "weights/Checkpoint.h"

#include "TestSupport.h"
#include "weights/TorchPickle.h"

#include <filesystem>

namespace bertc::weights::test {
namespace {

std::string fixture(const std::string& name) {
  return std::string(BERTC_TESTS_DIR) + "/weights/data/" + name;
}

// Every tensor of `path`, bound to the tiny model, equals the safetensors original within `tol`.
void expectSameWeights(const std::string& path, float tol) {
  const WeightSet original = WeightSet::load(tinyCheckpointPath(), tinyExpected());
  const WeightSet loaded = WeightSet::load(path, tinyExpected());
  for (const ExpectedTensor& e : tinyExpected()) {
    const Tensor &a = original.get(e.name), &b = loaded.get(e.name);
    ASSERT_EQ(a.shape, b.shape) << e.name;
    for (std::int64_t i = 0; i < a.elements(); ++i)
      ASSERT_NEAR(a.data[i], b.data[i], tol * std::max(1.0f, std::abs(a.data[i])))
          << e.name << "[" << i << "] from " << path;
  }
}

TEST(TorchCheckpoint, StateDictOfTorchSaveReadsTheSameFloats) {
  expectSameWeights(fixture("tiny.bin"), 0.0f);
}

TEST(TorchCheckpoint, IsRecognisedByItsBytesWhateverItsName) {
  const std::string renamed = tempPath("tiny.ckpt");
  std::filesystem::copy_file(fixture("tiny.bin"), renamed,
                             std::filesystem::copy_options::overwrite_existing);
  expectSameWeights(renamed, 0.0f);
  const std::string legacy = tempPath("legacy.ckpt");
  std::filesystem::copy_file(fixture("legacy.bin"), legacy,
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_NE(errorOf([&] { Checkpoint::open(legacy); }).find("legacy (pre-1.6"), std::string::npos);
}

TEST(TorchCheckpoint, HalfPrecisionTensorsAreConvertedAtLoad) {
  expectSameWeights(fixture("tiny-f16.bin"), 1e-3f);
}

TEST(TorchCheckpoint, KnownExtrasSuchAsPositionIdsAreWarningsNotErrors) {
  const WeightSet set = WeightSet::load(fixture("tiny.bin"), tinyExpected());
  ASSERT_EQ(set.warnings().size(), 1u);
  EXPECT_NE(set.warnings()[0].find("bert.embeddings.position_ids"), std::string::npos);
}

TEST(TorchCheckpoint, APickleThatWouldRunCodeIsRefusedWithoutRunningIt) {
  const std::string sentinel = "/tmp/bertc-pickle-payload-ran";
  std::filesystem::remove(sentinel);
  const std::string error = errorOf([&] { Checkpoint::open(fixture("os-system.bin")); });
  EXPECT_NE(error.find("refuses global posix.system"), std::string::npos) << error;
  EXPECT_FALSE(std::filesystem::exists(sentinel));
}

TEST(TorchCheckpoint, TheLegacyFormatIsRefusedClearly) {
  EXPECT_NE(errorOf([&] { Checkpoint::open(fixture("legacy.bin")); }).find("legacy (pre-1.6"),
            std::string::npos);
}

TEST(TorchCheckpoint, NonContiguousTensorsAreRefusedNamingThem) {
  const std::string error = errorOf([&] { Checkpoint::open(fixture("transposed.bin")); });
  EXPECT_NE(error.find("tensor w is not contiguous (strides [1, 3] for shape [3, 2])"),
            std::string::npos)
      << error;
}

TEST(TorchCheckpoint, AFileThatIsNotAZipIsNamed) {
  const std::string path = tempPath("not-a-zip.bin");
  writeFile(path, "PK but not really a zip archive");
  EXPECT_NE(errorOf([&] { Checkpoint::open(path); }).find("not a PyTorch zip checkpoint"),
            std::string::npos);
}

TEST(TorchPickle, RefusesWhatAStateDictDoesNotHold) {
  // PROTO 2, EMPTY_LIST, STOP: a list, not a dict.
  EXPECT_NE(
      errorOf([] { readTorchPickle(std::string("\x80\x02].", 4), "p"); }).find("no state dict"),
      std::string::npos);
  // A dict mapping "a" to an integer.
  EXPECT_NE(errorOf([] {
              readTorchPickle(std::string("\x80\x02}X\x01\0\0\0aK\x05s.", 13), "p");
            }).find("maps 'a' to something other than a tensor"),
            std::string::npos);
  // INST (an old-protocol object constructor) is no opcode of torch.save.
  EXPECT_NE(errorOf([] { readTorchPickle("ios\nsystem\n.", "p"); }).find("refuses opcode 0x69"),
            std::string::npos);
  // A list that holds itself: refused as the top level, and freed without recursing or leaking.
  EXPECT_NE(errorOf([] {
              readTorchPickle(std::string("\x80\x02]q\x00h\x00\x61.", 9), "p");
            }).find("no state dict"),
            std::string::npos);
  EXPECT_NE(errorOf([] { readTorchPickle(std::string("\x80\x02}", 3), "p"); }).find("without STOP"),
            std::string::npos);
}

TEST(ShardedCheckpoint, TheIndexAndItsShardsReadAsOneCheckpoint) {
  expectSameWeights(fixture("sharded/model.safetensors.index.json"), 0.0f);
  expectSameWeights(fixture("sharded"), 0.0f); // the directory holding the index
}

TEST(ShardedCheckpoint, AnIndexNamingATensorItsShardLacksIsAnError) {
  const std::string dir = tempPath("bad-shards");
  std::filesystem::create_directories(dir);
  for (const char* shard : {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"})
    std::filesystem::copy_file(fixture(std::string("sharded/") + shard), dir + "/" + shard,
                               std::filesystem::copy_options::overwrite_existing);
  writeFile(dir + "/model.safetensors.index.json",
            R"({"weight_map": {"bert.nope": "model-00001-of-00002.safetensors"}})");
  EXPECT_NE(errorOf([&] { Checkpoint::open(dir); })
                .find("weight_map puts tensor bert.nope in model-00001-of-00002.safetensors, "
                      "which does not hold it"),
            std::string::npos);
}

TEST(CheckpointDirectory, PrefersSafetensorsAndNamesWhatItLookedFor) {
  const std::string dir =
      std::string(BERTC_DATA_DIR) + "/tiny-bert-models/allennlp-bert-xsmall-dummy";
  EXPECT_EQ(Checkpoint::open(dir)->tensors().size(), 23u); // model.safetensors, not the legacy .bin
  const std::string empty = tempPath("empty-dir");
  std::filesystem::create_directories(empty);
  EXPECT_NE(errorOf([&] { Checkpoint::open(empty); }).find("holds no model.safetensors"),
            std::string::npos);
}

} // namespace
} // namespace bertc::weights::test
