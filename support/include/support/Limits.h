// The bounds bertc puts on what it reads, in one place (docs/reliability.md lists them). Each is
// far above any real input and low enough that hostile input fails fast with a clear error
// instead of exhausting memory or time.
#pragma once

#include <cstdint>

namespace bertc::limits {

// A vocab.txt is a few hundred kilobytes (bert-base: 232 KiB).
inline constexpr std::uintmax_t kVocabFileBytes = std::uintmax_t(256) << 20;
// A model description is a few kilobytes; one with 100,000 labels is about 1 MiB.
inline constexpr std::uintmax_t kModelFileBytes = std::uintmax_t(4) << 20;
// Labels of one classification head.
inline constexpr std::int64_t kLabelsPerHead = 100000;
// One text (or one line of bert-classify's input): the tokenizer reads at most this many bytes;
// a longer line is an error for that line (bert-classify: an error row; it is not truncated
// silently). Any text this long is cut to max_seq_len tokens long before its end anyway.
inline constexpr std::uintmax_t kTextBytes = std::uintmax_t(1) << 20;
// The runner's JSON batch.
inline constexpr std::uintmax_t kRunnerInputBytes = std::uintmax_t(256) << 20;

} // namespace bertc::limits
