// The safetensors reader and writer: the tiny checkpoint read against values taken from the file
// independently, writer output byte for byte, and every way a file can be malformed.
#include "TestSupport.h"
#include "weights/SafetensorsWriter.h"

#include <cstdio>

namespace bertc::weights::test {
namespace {

float valueAt(const TensorEntry& t, std::size_t index) {
  float v;
  std::memcpy(&v, t.data + 4 * index, 4);
  return v;
}

TEST(Safetensors, ReadsTinyCheckpoint) {
  const auto file = SafetensorsFile::open(tinyCheckpointPath());
  EXPECT_EQ(file->size(), kTinyFileBytes);
  ASSERT_EQ(file->tensors().size(), 23u);
  EXPECT_EQ(file->metadata(), (std::map<std::string, std::string>{{"format", "pt"}}));
  EXPECT_EQ(file->tensors().front().name, "embeddings.LayerNorm.bias"); // sorted by name
  EXPECT_EQ(file->find("bert.pooler.dense.bias"), nullptr);

  // Expected bits read with python3: struct.unpack('<Q') for the header length, json.loads for
  // the offsets, then the 4 bytes at 8 + 2320 + begin + 4 * index, printed with .hex().
  const TensorEntry* words = file->find("embeddings.word_embeddings.weight");
  ASSERT_NE(words, nullptr);
  EXPECT_EQ(words->dtype, DType::F32);
  EXPECT_EQ(words->shape, (std::vector<std::int64_t>{250, 20}));
  EXPECT_EQ(words->bytes, 20000u);
  // Offsets count from the start of the data: positions follow words, 20000 bytes on.
  EXPECT_EQ(words->data + 20000, file->find("embeddings.position_embeddings.weight")->data);
  EXPECT_EQ(bitsOf(valueAt(*words, 0)), 0xbc97332cu);    // -0.018457017838954926
  EXPECT_EQ(bitsOf(valueAt(*words, 1)), 0x3c893004u);    // 0.016746528446674347
  EXPECT_EQ(bitsOf(valueAt(*words, 4999)), 0xbd2e3ad3u); // -0.04253656789660454
  const TensorEntry* query = file->find("encoder.layer.0.attention.self.query.weight");
  ASSERT_NE(query, nullptr);
  EXPECT_EQ(bitsOf(valueAt(*query, 21)), 0xbae6160bu); // row 1, column 1
  const TensorEntry* norm = file->find("encoder.layer.0.output.LayerNorm.weight");
  ASSERT_NE(norm, nullptr);
  EXPECT_EQ(valueAt(*norm, 19), 1.0f);
}

TEST(SafetensorsWriter, ExactBytes) {
  const std::vector<float> b = {1.0f, 2.0f}, a = {3.0f};
  const std::string bytes = serializeSafetensors(
      {TensorToWrite::f32("b", {2}, b), TensorToWrite::f32("a", {}, a)}); // unsorted on purpose
  // 138 bytes of JSON padded to 144 so that the data starts at 8 + 144, a multiple of 8.
  const std::string json = R"({"__metadata__":{"format":"pt"},)"
                           R"("a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},)"
                           R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})";
  ASSERT_EQ(json.size(), 138u);
  const std::string data = std::string("\x00\x00\x40\x40", 4) + // 3.0f, then 1.0f and 2.0f
                           std::string("\x00\x00\x80\x3f\x00\x00\x00\x40", 8);
  EXPECT_EQ(bytes, craft(json + "      ", data));
}

TEST(SafetensorsWriter, RoundTripsThroughAFile) {
  std::vector<float> w(6), bias = {-1.5f, 0.25f};
  for (std::size_t i = 0; i < w.size(); ++i)
    w[i] = 0.1f * static_cast<float>(i);
  const std::string path = tempPath("roundtrip.safetensors");
  writeSafetensors(path, {TensorToWrite::f32("layer.weight", {2, 3}, w),
                          TensorToWrite::f32("layer.bias", {2}, bias)});
  const auto file = SafetensorsFile::open(path);
  ASSERT_EQ(file->tensors().size(), 2u);
  const TensorEntry* t = file->find("layer.weight");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->shape, (std::vector<std::int64_t>{2, 3}));
  for (std::size_t i = 0; i < w.size(); ++i)
    EXPECT_EQ(valueAt(*t, i), w[i]);
  EXPECT_EQ(valueAt(*file->find("layer.bias"), 0), -1.5f);
  EXPECT_EQ(file->metadata().at("format"), "pt");
  // Same bytes as the in-memory serializer; no temporary file left behind.
  EXPECT_EQ(readFile(path), serializeSafetensors({TensorToWrite::f32("layer.bias", {2}, bias),
                                                  TensorToWrite::f32("layer.weight", {2, 3}, w)}));
  EXPECT_EQ(std::fopen((path + ".tmp").c_str(), "rb"), nullptr);
  std::remove(path.c_str());
}

TEST(SafetensorsWriter, RejectsDuplicatesAndWrongSizes) {
  const std::vector<float> v = {1, 2};
  EXPECT_EQ(
      errorOf([&] {
        serializeSafetensors({TensorToWrite::f32("x", {2}, v), TensorToWrite::f32("x", {2}, v)});
      }),
      "safetensors writer: tensor x given twice");
  EXPECT_EQ(errorOf([&] { serializeSafetensors({TensorToWrite::f32("x", {3}, v)}); }),
            "safetensors writer: tensor x: shape [3] F32 needs 12 bytes, got 8");
}

TEST(SafetensorsErrors, TruncatedFileAtSeveralLengths) {
  const std::string whole = readFile(tinyCheckpointPath());
  ASSERT_EQ(whole.size(), kTinyFileBytes);
  const auto cut = [&](std::size_t n) { return parseError(whole.substr(0, n)); };
  EXPECT_EQ(cut(0), "t.st: file is 0 bytes, too short for a safetensors header length");
  EXPECT_EQ(cut(7), "t.st: file is 7 bytes, too short for a safetensors header length");
  EXPECT_EQ(cut(8), "t.st: header length 2320 exceeds the 0 bytes that follow it");
  EXPECT_EQ(cut(1000), "t.st: header length 2320 exceeds the 992 bytes that follow it");
  EXPECT_EQ(cut(8 + 2319), "t.st: header length 2320 exceeds the 2319 bytes that follow it");
  // Header complete, no data: every tensor is out of range, and each is reported.
  try {
    SafetensorsFile::fromBuffer(whole.data(), 8 + 2320, "t.st");
    FAIL() << "no error";
  } catch (const WeightsError& e) {
    ASSERT_EQ(e.problems().size(), 23u);
    EXPECT_EQ(e.problems()[0], "t.st: tensor embeddings.LayerNorm.bias: data_offsets "
                               "[61200, 61280] exceed the 0 bytes of data");
  }
  // One byte short: only the last tensor in the data is cut.
  EXPECT_EQ(cut(kTinyFileBytes - 1), "t.st: tensor pooler.dense.bias: data_offsets [76560, 76640] "
                                     "exceed the 76639 bytes of data");
  // Every other length is an error too, never a crash (ASan build) or a success.
  for (std::size_t n = 0; n < kTinyFileBytes; n += 997)
    EXPECT_NE(cut(n), "(no error)") << n;
}

TEST(SafetensorsErrors, HeaderLengthPastEndOfFile) {
  std::string bytes = craft("{}");
  bytes[0] = 100; // claims 100 header bytes; 2 follow
  EXPECT_EQ(parseError(bytes), "t.st: header length 100 exceeds the 2 bytes that follow it");
  bytes.replace(0, 8, std::string(8, '\xFF')); // 2^64 - 1: no overflow in the check
  EXPECT_EQ(parseError(bytes),
            "t.st: header length 18446744073709551615 exceeds the 2 bytes that follow it");
}

TEST(SafetensorsErrors, BadJson) {
  EXPECT_EQ(parseError(craft(R"({"w": )")),
            "t.st: header is not valid JSON (at byte 7 of the header)");
  EXPECT_EQ(parseError(craft("{\"\xFF\": 1}")),
            "t.st: header is not valid JSON (at byte 3 of the header)"); // not UTF-8
  EXPECT_EQ(parseError(craft("[1, 2]")), "t.st: header is not a JSON object");
  // nlohmann reports this one as out_of_range rather than parse_error (the fuzzer found it).
  EXPECT_EQ(parseError(craft(R"({"w": 1e400})")),
            "t.st: header is not valid JSON (a number is out of range)");
  // Deep nesting is parsed without recursion and still rejected, not a stack overflow.
  EXPECT_EQ(parseError(craft(std::string(100000, '[') + std::string(100000, ']'))),
            "t.st: header is not a JSON object");
}

TEST(SafetensorsErrors, OffsetsOutOfRange) {
  EXPECT_EQ(parseError(craft(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                             std::string(4, '\0'))),
            "t.st: tensor w: data_offsets [0, 8] exceed the 4 bytes of data");
  EXPECT_EQ(parseError(craft(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})",
                             std::string(8, '\0'))),
            "t.st: tensor w: data_offsets [8, 4] end before they begin");
  EXPECT_EQ(parseError(craft(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[-1,0]}})")),
            "t.st: tensor w: \"data_offsets\" must be [begin, end], two non-negative integers");
}

TEST(SafetensorsErrors, SizeMismatch) {
  EXPECT_EQ(parseError(craft(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})",
                             std::string(8, '\0'))),
            "t.st: tensor w: shape [3] F32 needs 12 bytes, data_offsets [0, 8] hold 8");
  // 2^62 * 4 elements of 4 bytes overflow 64 bits; the check must not wrap to a small size.
  EXPECT_EQ(parseError(craft(
                R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}})")),
            "t.st: tensor w: shape [4611686018427387904,4] is too large");
  EXPECT_EQ(parseError(craft(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}})")),
            "t.st: tensor w: \"shape\" must be an array of non-negative integers");
}

TEST(SafetensorsErrors, UnknownDtype) {
  EXPECT_EQ(parseError(craft(R"({"w":{"dtype":"F99","shape":[1],"data_offsets":[0,4]}})",
                             std::string(4, '\0'))),
            "t.st: tensor w: unknown dtype \"F99\"");
  EXPECT_EQ(parseError(craft(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", std::string(4, '\0'))),
            "t.st: tensor w: \"dtype\" must be a string");
}

TEST(SafetensorsErrors, OverlappingTensors) {
  EXPECT_EQ(parseError(craft(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                             std::string(12, '\0'))),
            "t.st: tensors a and b overlap in the data");
}

TEST(SafetensorsErrors, BadMetadataAndEntries) {
  EXPECT_EQ(parseError(craft(R"({"__metadata__":{"format":1}})")),
            "t.st: __metadata__ must be an object of strings (\"format\" is not)");
  EXPECT_EQ(parseError(craft(R"({"w":[]})")), "t.st: tensor w: entry is not a JSON object");
}

TEST(SafetensorsErrors, EveryBadEntryIsReported) {
  EXPECT_EQ(parseError(craft(R"({"a":{"dtype":"X","shape":[1],"data_offsets":[0,4]},)"
                             R"("b":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})",
                             std::string(4, '\0'))),
            "t.st: tensor a: unknown dtype \"X\"\n"
            "t.st: tensor b: shape [2] F32 needs 8 bytes, data_offsets [0, 4] hold 4");
}

TEST(SafetensorsErrors, UnreadableFiles) {
  EXPECT_EQ(errorOf([] { SafetensorsFile::open("/nonexistent/m.safetensors"); }),
            "/nonexistent/m.safetensors: cannot open: No such file or directory");
  EXPECT_EQ(errorOf([] { SafetensorsFile::open(BERTC_DATA_DIR); }),
            std::string(BERTC_DATA_DIR) + ": not a regular file");
  const std::string empty = tempPath("empty.safetensors");
  writeFile(empty, "");
  EXPECT_EQ(errorOf([&] { SafetensorsFile::open(empty); }),
            empty + ": file is 0 bytes, too short for a safetensors header length");
  std::remove(empty.c_str());
}

TEST(Safetensors, EmptyHeaderIsAValidEmptyFile) {
  const std::string bytes = craft("{}");
  const auto file = SafetensorsFile::fromBuffer(bytes.data(), bytes.size());
  EXPECT_TRUE(file->tensors().empty());
  EXPECT_TRUE(file->metadata().empty());
}

} // namespace
} // namespace bertc::weights::test
