// Load-time transforms: fused Q/K/V on the tiny checkpoint and panel packing against layouts
// written out by hand.
#include "TestSupport.h"
#include "weights/SafetensorsWriter.h"

#include <cmath>
#include <limits>

namespace bertc::weights::test {
namespace {

const std::string kLayer = "encoder.layer.0.attention.self.";

TEST(Transforms, ConcatRowsFusesQueryKeyValue) {
  WeightSet set = WeightSet::load(tinyCheckpointPath(), tinyExpected());
  const Tensor& qkv = set.concatRows(
      "qkv.weight", {kLayer + "query.weight", kLayer + "key.weight", kLayer + "value.weight"});
  const Tensor& bias = set.concatRows(
      "qkv.bias", {kLayer + "query.bias", kLayer + "key.bias", kLayer + "value.bias"});
  EXPECT_EQ(qkv.shape, (std::vector<std::int64_t>{60, 20}));
  EXPECT_EQ(bias.shape, (std::vector<std::int64_t>{60}));
  EXPECT_FALSE(qkv.zeroCopy);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(qkv.data) % 64, 0u);
  // Bits from the file with python3's struct module: Q[0], K[0] (row 20), V[399] (last).
  EXPECT_EQ(bitsOf(qkv.data[0]), 0xbc42f299u);
  EXPECT_EQ(bitsOf(qkv.data[20 * 20]), 0xbb601faau);
  EXPECT_EQ(bitsOf(qkv.data[60 * 20 - 1]), 0x3d22c386u);
  for (std::int64_t i = 0; i < 400; ++i)
    ASSERT_EQ(qkv.data[400 + i], set.get(kLayer + "key.weight").data[i]) << i;
  EXPECT_EQ(set.ownedBytes(), (60u * 20u + 60u) * 4u);
  EXPECT_EQ(&set.get("qkv.weight"), &qkv); // found by its name afterwards
}

TEST(Transforms, ConcatRowsErrors) {
  WeightSet set = WeightSet::load(tinyCheckpointPath(), tinyExpected());
  EXPECT_EQ(
      errorOf([&] {
        set.concatRows("x", {kLayer + "query.weight", "encoder.layer.0.output.dense.weight"});
      }),
      "weights: concatRows x: encoder.layer.0.output.dense.weight [20, 40] does not stack on " +
          kLayer + "query.weight [20, 20]");
  EXPECT_EQ(errorOf([&] { set.concatRows("x", {"nope"}); }), "weights: no tensor named nope");
  EXPECT_EQ(errorOf([&] { set.concatRows("pooler.dense.bias", {"pooler.dense.bias"}); }),
            "weights: concatRows: result pooler.dense.bias already exists");
  EXPECT_EQ(set.ownedBytes(), 0u);
}

TEST(Transforms, PackPanelsPadsTheLastPanelWithZeros) {
  std::vector<float> w(5 * 3); // W[r][c] = 10r + c, 5 rows, 3 columns
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 3; ++c)
      w[r * 3 + c] = static_cast<float>(10 * r + c);
  const std::string bytes = serializeSafetensors({TensorToWrite::f32("w", {5, 3}, w)});
  WeightSet set =
      WeightSet::bind(SafetensorsFile::fromBuffer(bytes.data(), bytes.size()), {{"w", {5, 3}}});
  const Tensor& packed = set.packPanels("w.packed", "w", 4);
  EXPECT_EQ(packed.shape, (std::vector<std::int64_t>{2, 3, 4}));
  // Panel 0 holds rows 0-3, column by column; panel 1 holds row 4 and three rows of zeros.
  const std::vector<float> expected = {0,  10, 20, 30, 1,  11, 21, 31, 2,  12, 22, 32,
                                       40, 0,  0,  0,  41, 0,  0,  0,  42, 0,  0,  0};
  EXPECT_EQ(std::vector<float>(packed.data, packed.data + 24), expected);
  EXPECT_EQ(set.ownedBytes(), 24u * 4u);
}

TEST(Transforms, PackPanelsOfALargeMatrixIsSplitAcrossThreadsExactly) {
  // 1,000 x 530 floats: big enough for several packing threads, and 530 rows leave a partial
  // last panel.
  const std::int64_t rows = 530, cols = 1000;
  std::vector<float> w(size_t(rows * cols));
  for (std::int64_t i = 0; i < rows * cols; ++i)
    w[size_t(i)] = static_cast<float>(i % 9973) * 0.5f;
  const std::string bytes = serializeSafetensors({TensorToWrite::f32("w", {rows, cols}, w)});
  WeightSet set = WeightSet::bind(SafetensorsFile::fromBuffer(bytes.data(), bytes.size()),
                                  {{"w", {rows, cols}}});
  const Tensor& packed = set.packPanels("w.packed", "w", 16);
  ASSERT_EQ(packed.shape, (std::vector<std::int64_t>{34, cols, 16}));
  for (std::int64_t p = 0; p < 34; ++p)
    for (std::int64_t k = 0; k < cols; ++k)
      for (std::int64_t j = 0; j < 16; ++j) {
        const std::int64_t row = 16 * p + j;
        ASSERT_EQ(packed.data[(p * cols + k) * 16 + j],
                  row < rows ? w[size_t(row * cols + k)] : 0.0f)
            << "panel " << p << " column " << k << " lane " << j;
      }
}

TEST(Transforms, PackPanelsDefaultsToSixteen) {
  WeightSet set = WeightSet::load(tinyCheckpointPath(), tinyExpected());
  const std::string name = "encoder.layer.0.intermediate.dense.weight"; // [40, 20]
  const Tensor& packed = set.packPanels("ffn1.packed", name);
  ASSERT_EQ(packed.shape, (std::vector<std::int64_t>{3, 20, 16}));
  const float* w = set.get(name).data;
  for (std::int64_t p = 0; p < 3; ++p)
    for (std::int64_t k = 0; k < 20; ++k)
      for (std::int64_t j = 0; j < 16; ++j) {
        const std::int64_t row = 16 * p + j;
        ASSERT_EQ(packed.data[(p * 20 + k) * 16 + j], row < 40 ? w[row * 20 + k] : 0.0f);
      }
  EXPECT_EQ(errorOf([&] { set.packPanels("b.packed", "pooler.dense.bias"); }),
            "weights: packPanels b.packed: needs matrices with equal columns and a positive "
            "panel, got pooler.dense.bias [20] and panel 16");
}

TEST(Transforms, PackPanelsStacksSeveralSourcesLikeConcatRows) {
  WeightSet set = WeightSet::load(tinyCheckpointPath(), tinyExpected());
  const std::string q = "encoder.layer.0.attention.self.query.weight"; // [20, 20] each
  const std::string k = "encoder.layer.0.attention.self.key.weight";
  const std::string v = "encoder.layer.0.attention.self.value.weight";
  const Tensor& stacked = set.concatRows("qkv", {q, k, v});
  const Tensor& packed = set.packPanels("qkv.packed", {q, k, v}, 16);
  ASSERT_EQ(packed.shape, (std::vector<std::int64_t>{4, 20, 16})); // 60 rows -> 4 panels
  for (std::int64_t p = 0; p < 4; ++p)
    for (std::int64_t c = 0; c < 20; ++c)
      for (std::int64_t j = 0; j < 16; ++j) {
        const std::int64_t row = 16 * p + j;
        ASSERT_EQ(packed.data[(p * 20 + c) * 16 + j], row < 60 ? stacked.data[row * 20 + c] : 0.0f)
            << "panel " << p << " column " << c << " lane " << j;
      }
  EXPECT_EQ(errorOf([&] {
              set.packPanels("mixed", {q, "encoder.layer.0.output.dense.weight"});
            }),
            "weights: packPanels mixed: needs matrices with equal columns and a positive panel, "
            "got encoder.layer.0.output.dense.weight [20, 40] and panel 16");
}

// The s8 value of W[n][k] in [ceil(N / P)][ceil(K / 4)][P][4] panels.
std::int8_t s8At(const Tensor& q, std::int64_t n, std::int64_t k, std::int64_t K, std::int64_t P) {
  const std::int64_t groups = (K + 3) / 4;
  return reinterpret_cast<const std::int8_t*>(
      q.data)[((n / P) * groups + k / 4) * P * 4 + (n % P) * 4 + k % 4];
}

TEST(Transforms, QuantizeS8PanelsRoundsTiesToEvenPerRow) {
  // Row 0's max is 127, so its values scale by 1 and the halves are ties; row 1 scales by 1/2.
  const std::vector<float> w = {127.0f, 0.5f, 1.5f, 2.5f, -0.5f, -2.5f, 3.49f,
                                254.0f, 1.0f, 3.0f, 5.0f, -1.0f, -5.0f, 0.0f};
  const std::string bytes = serializeSafetensors({TensorToWrite::f32("w", {2, 7}, w)});
  WeightSet set =
      WeightSet::bind(SafetensorsFile::fromBuffer(bytes.data(), bytes.size()), {{"w", {2, 7}}});
  set.quantizeS8Panels("q", "s", {"w"}, 16);
  const Tensor &q = set.get("q"), &s = set.get("s");
  ASSERT_EQ(q.shape, (std::vector<std::int64_t>{1, 2, 16, 4}));
  const std::vector<int> want = {127, 0, 2, 2, 0, -2, 3, 127, 0, 2, 2, 0, -2, 0};
  for (std::int64_t n = 0; n < 2; ++n)
    for (std::int64_t k = 0; k < 7; ++k)
      EXPECT_EQ(int(s8At(q, n, k, 7, 16)), want[size_t(n * 7 + k)])
          << "row " << n << " column " << k;
  EXPECT_EQ(int(s8At(q, 0, 7, 7, 16)), 0); // padding of the last group
  EXPECT_EQ(s.data[0], 1.0f);
  EXPECT_EQ(s.data[1], 132.0f); // the row's s8 sum
  EXPECT_EQ(s.data[2], 2.0f);
}

TEST(Transforms, QuantizeS8PanelsGivesANonFiniteRowANaNScale) {
  // Loaded with non-finite weights allowed, such a row's outputs must come out NaN as in f32:
  // its scale is NaN (and its sum 0, which the kernel converts to an integer).
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> w = {1.0f, nan, 2.0f, -inf, 3.0f, 4.0f, 0.5f, -1.0f, 2.0f};
  const std::string bytes = serializeSafetensors({TensorToWrite::f32("w", {3, 3}, w)});
  WeightSet set =
      WeightSet::bind(SafetensorsFile::fromBuffer(bytes.data(), bytes.size()), {{"w", {3, 3}}});
  set.quantizeS8Panels("q", "s", {"w"}, 16);
  const Tensor& s = set.get("s");
  EXPECT_TRUE(std::isnan(s.data[0]));
  EXPECT_EQ(s.data[1], 0.0f);
  EXPECT_TRUE(std::isnan(s.data[2]));
  EXPECT_EQ(s.data[3], 0.0f);
  EXPECT_EQ(s.data[4], 2.0f / 127.0f);
}

TEST(Transforms, QuantizeS8PanelsOfALargeMatrixIsSplitAcrossThreadsExactly) {
  // 530 rows x 1,000: several quantizing threads, a partial last panel. Row r's values are
  // multiples of (r + 1) / 127 up to 127 of them, so each quantizes to the multiple exactly.
  const std::int64_t rows = 530, cols = 1000;
  std::vector<float> w(size_t(rows * cols));
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t k = 0; k < cols; ++k)
      w[size_t(r * cols + k)] = float((k * 7 + r) % 255 - 127) * float(r + 1) / 127.0f;
  const std::string bytes = serializeSafetensors({TensorToWrite::f32("w", {rows, cols}, w)});
  WeightSet set = WeightSet::bind(SafetensorsFile::fromBuffer(bytes.data(), bytes.size()),
                                  {{"w", {rows, cols}}});
  set.quantizeS8Panels("q", "s", {"w"}, 16);
  const Tensor& q = set.get("q");
  ASSERT_EQ(q.shape, (std::vector<std::int64_t>{34, 250, 16, 4}));
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t k = 0; k < cols; ++k)
      ASSERT_EQ(int(s8At(q, r, k, cols, 16)), int((k * 7 + r) % 255 - 127))
          << "row " << r << " column " << k;
  for (std::int64_t r = rows; r < 34 * 16; ++r) // the last panel's padding rows
    ASSERT_EQ(int(s8At(q, r, 0, cols, 16)), 0);
}

} // namespace
} // namespace bertc::weights::test
