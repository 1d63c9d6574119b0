// WordPiece: greedy longest-match-first split of one word into vocabulary pieces.
#pragma once

#include "tokenizer/Vocab.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bertc::tokenizer {

struct WordPieceOptions {
  std::string unkToken = "[UNK]";
  std::string continuingSubwordPrefix = "##";
  std::size_t maxInputCharsPerWord = 100;
};

// A piece of a word: its id and its byte range [begin, end) in the word.
struct WordPieceMatch {
  TokenId id;
  std::uint32_t begin;
  std::uint32_t end;
};

class WordPiece {
public:
  // Throws TokenizerError when the vocabulary lacks unkToken.
  WordPiece(const Vocab& vocab, WordPieceOptions options);

  // Appends the pieces of word (UTF-8, non-empty) to out. A word longer than
  // maxInputCharsPerWord characters, or one some part of which matches nothing, becomes a
  // single unk piece covering the whole word (HF semantics).
  void tokenize(std::string_view word, std::vector<WordPieceMatch>& out) const;

  TokenId unkId() const { return unkId_; }
  const WordPieceOptions& options() const { return options_; }

private:
  // Open-addressing hash set of byte strings with their ids.
  class Table {
  public:
    void insert(std::string_view key, TokenId id);
    TokenId find(const char* key, std::size_t size) const; // -1 when absent
    std::size_t maxKeySize() const { return maxKeySize_; }

  private:
    struct Slot {
      std::uint64_t hash = 0;
      std::uint32_t offset = 0;
      std::uint32_t size = 0;
      TokenId id = -1;
    };
    void grow();
    std::vector<Slot> slots_;
    std::string pool_;
    std::size_t used_ = 0;
    std::size_t maxKeySize_ = 0;
  };

  WordPieceOptions options_;
  TokenId unkId_ = -1;
  Table wordStart_;    // tokens that may start a word
  Table continuation_; // tokens after the prefix, e.g. "ing" for "##ing"
};

} // namespace bertc::tokenizer
