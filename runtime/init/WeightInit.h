// Deterministic BERT weight generator, bertc-weightgen/2: every weight value is a pure function of
// (seed, tensor name, tensor shape, element index, profile), independent of platform and library
// RNGs, so demo models and parity-test models can be rebuilt anywhere without shipping weights. The
// same function is implemented in Python (tests/reference/weightgen.py), which produced the golden
// outputs in tests/reference/golden/; both agree bit for bit (tests/reference/WeightInitTest.cpp).
//
// Consumers: target_link_libraries(x PRIVATE bertc_init) and #include "init/WeightInit.h"
// (the library's public include directory is runtime/).
//
// Specification (all integer arithmetic modulo 2^64):
//   G  = 0x9E3779B97F4A7C15
//   h  = FNV-1a 64 of the UTF-8 bytes of name (offset 0xCBF29CE484222325, prime 0x100000001B3)
//   z  = ((seed * G) ^ h) + (index + 1) * G     (splitmix64 state advanced index+1 times)
//   z  = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
//   z  = (z ^ (z >> 27)) * 0x94D049BB133111EB
//   z  =  z ^ (z >> 31)                          (the (index+1)-th splitmix64 output)
//   m  = z >> 40                                 (24-bit integer)
//   t  = (2m + 1 - 2^24) / 2^24                  (exact double in (-1, 1), symmetric, never 0)
//   (c, a) = centre and half-width of the tensor's class under the profile, below; for classes
//            given by a standard deviation, a = float32(std * sqrt(3)) (double, rounded once).
//            Sharp matrix, qk and head stds scale with the input width of a 2-D [out, in] tensor:
//            std = base * sqrt(128.0 / in), in = shape[1], evaluated in double in that order
//            (128.0 / in, sqrt, times base); other shapes use base. At in = 128 it is base exactly.
//   value = c if a == 0, else float32(c + a * t) evaluated in double and rounded once to float32
//   (a*t is exact in double: 24-bit a times a 24-bit integer over 2^24, so FMA contraction or
//   extended precision cannot change the result).
//
// Tensor class of a name (Hugging Face names without "bert."), the first rule that matches:
//   1. ends with "LayerNorm.weight"                                   ln_gamma
//   2. ends with "LayerNorm.bias"                                     ln_beta
//   3. starts with "embeddings."                                      embedding
//   4. ends with ".bias"                                              bias
//   5. ends with "attention.self.query.weight" / "attention.self.key.weight"   qk
//   6. starts with "encoder.", "pooler." or "cls." but not "cls.seq_relationship."   matrix
//   7. anything else (classifier.weight, any head prefix, cls.seq_relationship.weight)  head
// The tied "cls.predictions.decoder.weight" is not generated on its own: it is the word embeddings.
//
//   class      Bert                  Sharp
//   embedding  c=0, std 0.02         c=0, std 0.5
//   matrix     c=0, std 0.02         c=0, std 0.1 * sqrt(128 / in)
//   qk         c=0, std 0.02         c=0, std 0.2 * sqrt(128 / in)
//   head       c=0, std 0.02         c=0, std 0.3 * sqrt(128 / in)
//   bias       0                     c=0, std 0.1
//   ln_gamma   1                     c=1, half-width 0.2  (uniform in [0.8, 1.2])
//   ln_beta    0                     c=0, half-width 0.1
// Bert: BERT's initialisation scale (uniform instead of truncated normal), for demos. Sharp: for
// parity tests, large enough that attention is peaked and every bias and LayerNorm term matters;
// fan-in scaled so that wide models (bert-small, bert-base) stay well conditioned in float32.
// (bertc-weightgen/1 had fixed sharp stds; the bert profile is unchanged from /1.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bertc {

enum class InitProfile { Bert, Sharp };
enum class InitClass { Embedding, Matrix, Qk, Head, Bias, LnGamma, LnBeta };

const char* toString(InitProfile profile);                            // "bert", "sharp"
std::optional<InitProfile> parseInitProfile(const std::string& word); // inverse of toString
const char*
toString(InitClass cls); // "embedding", "matrix", "qk", "head", "bias", "ln_gamma", "ln_beta"

// The class of a tensor name (rules above).
InitClass initClassOf(const std::string& name);

// Element `index` (row-major) of tensor `name` of `shape` (the shape sets the input width of
// sharp weight matrices; the index is not checked against it).
float initValue(uint64_t seed, const std::string& name, const std::vector<int64_t>& shape,
                uint64_t index, InitProfile profile);

// Every element of a tensor of `shape` (row-major; an empty shape is a scalar) into out, which
// holds at least the product of shape's dimensions. Equal to initValue for each index.
void fillTensor(uint64_t seed, const std::string& name, const std::vector<int64_t>& shape,
                InitProfile profile, float* out);

// Order-sensitive digest of float32 bit patterns: sum over i of mix(bits_i ^ ((i + 1) * G))
// modulo 2^64, mix being the splitmix64 finaliser above. Mirrors weightgen.digest() in Python.
uint64_t valuesDigest(const float* values, size_t count);

} // namespace bertc
