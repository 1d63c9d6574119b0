// Hashes whose values are part of file formats (schedule entries' algorithm hashes, seeded
// weights), so they must never change: defined once, here.
#pragma once

#include <cstdint>
#include <string_view>

namespace bertc::support {

// FNV-1a, 64 bits (offset 0xCBF29CE484222325, prime 0x100000001B3) of the bytes of `text`.
constexpr std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return h;
}

// SplitMix64's finalizer: neighbouring inputs give unrelated outputs.
constexpr std::uint64_t splitMix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The golden-ratio increment SplitMix64 steps by.
constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;

} // namespace bertc::support
