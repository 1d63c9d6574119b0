// Element types and the F16/BF16 conversions, against values worked out by hand from the bits.
#include "weights/DType.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>

namespace bertc::weights {
namespace {

std::uint32_t bitsOf(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

TEST(DType, HalfToFloat) {
  EXPECT_EQ(halfToFloat(0x3C00), 1.0f);                  // exponent 15 - 15 = 0, mantissa 0
  EXPECT_EQ(halfToFloat(0xC000), -2.0f);                 // sign, exponent 16 - 15 = 1
  EXPECT_EQ(halfToFloat(0x3555), 0.333251953125f);       // 2^-2 * (1 + 341/1024)
  EXPECT_EQ(halfToFloat(0x7BFF), 65504.0f);              // largest finite: 2^15 * (1 + 1023/1024)
  EXPECT_EQ(halfToFloat(0x0400), std::ldexp(1.0f, -14)); // smallest normal
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
  EXPECT_EQ(halfToFloat(0x03FF), std::ldexp(1023.0f, -24)); // largest subnormal
  EXPECT_EQ(halfToFloat(0x8001), -std::ldexp(1.0f, -24));
  EXPECT_EQ(bitsOf(halfToFloat(0x8000)), 0x80000000u); // -0 keeps its sign
  EXPECT_EQ(halfToFloat(0x7C00), INFINITY);
  EXPECT_EQ(halfToFloat(0xFC00), -INFINITY);
  EXPECT_TRUE(std::isnan(halfToFloat(0x7E00)));
  EXPECT_TRUE(std::isnan(halfToFloat(0x7C01))); // a signalling NaN stays a NaN, not infinity
}

TEST(DType, Bfloat16ToFloatIsTheTop16Bits) {
  EXPECT_EQ(bfloat16ToFloat(0x3F80), 1.0f);
  EXPECT_EQ(bfloat16ToFloat(0xC040), -3.0f);
  EXPECT_EQ(bfloat16ToFloat(0x3EAB), 0.333984375f); // 2^-2 * (1 + 43/128)
  EXPECT_EQ(bitsOf(bfloat16ToFloat(0x0001)), 0x00010000u);
  EXPECT_EQ(bfloat16ToFloat(0xFF80), -INFINITY);
}

TEST(DType, NamesAndSizes) {
  for (const char* name : {"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
                           "I32", "U32", "F32", "F64", "I64", "U64"}) {
    const std::optional<DType> d = parseDType(name);
    ASSERT_TRUE(d) << name;
    EXPECT_EQ(dtypeName(*d), name);
  }
  EXPECT_EQ(dtypeSize(DType::F32), 4u);
  EXPECT_EQ(dtypeSize(DType::BF16), 2u);
  EXPECT_EQ(dtypeSize(DType::I64), 8u);
  EXPECT_EQ(dtypeSize(DType::Bool), 1u);
  EXPECT_FALSE(parseDType("f32")); // names are case-sensitive, as in the reference
  EXPECT_FALSE(parseDType("F99"));
}

TEST(DType, FormatShape) {
  EXPECT_EQ(formatShape({}), "[]");
  EXPECT_EQ(formatShape({768, 3072}), "[768, 3072]");
}

} // namespace
} // namespace bertc::weights
