#include "tokenizer/WordPiece.h"

#include "tokenizer/TokenizerError.h"

#include <algorithm>
#include <cstring>

namespace bertc::tokenizer {

namespace {

// A fast hash for short keys (vocabulary pieces are a few bytes long).
std::uint64_t hashBytes(const char* data, std::size_t size) {
  std::uint64_t hash = 0x9E3779B97F4A7C15ull ^ (size * 0xD6E8FEB86659FD93ull);
  while (size >= 8) {
    std::uint64_t word;
    std::memcpy(&word, data, 8);
    hash = (hash ^ word) * 0xFF51AFD7ED558CCDull;
    hash ^= hash >> 32;
    data += 8;
    size -= 8;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, data, size);
  hash = (hash ^ tail) * 0xC4CEB9FE1A85EC53ull;
  hash ^= hash >> 29;
  return hash;
}

bool isContinuationByte(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

} // namespace

void WordPiece::Table::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id < 0)
      continue;
    std::size_t index = slot.hash & mask;
    while (slots_[index].id >= 0)
      index = (index + 1) & mask;
    slots_[index] = slot;
  }
}

void WordPiece::Table::insert(std::string_view key, TokenId id) {
  if (key.empty())
    return; // an empty piece can never be looked up
  if ((used_ + 1) * 2 > slots_.size())
    grow();
  const std::uint64_t hash = hashBytes(key.data(), key.size());
  const std::size_t mask = slots_.size() - 1;
  std::size_t index = hash & mask;
  while (slots_[index].id >= 0) {
    Slot& slot = slots_[index];
    if (slot.hash == hash && std::string_view(pool_.data() + slot.offset, slot.size) == key) {
      slot.id = id; // the later duplicate wins, as in HF
      return;
    }
    index = (index + 1) & mask;
  }
  slots_[index] = Slot{hash, static_cast<std::uint32_t>(pool_.size()),
                       static_cast<std::uint32_t>(key.size()), id};
  pool_.append(key);
  ++used_;
  maxKeySize_ = std::max(maxKeySize_, key.size());
}

TokenId WordPiece::Table::find(const char* key, std::size_t size) const {
  if (slots_.empty())
    return -1;
  const std::uint64_t hash = hashBytes(key, size);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t index = hash & mask;; index = (index + 1) & mask) {
    const Slot& slot = slots_[index];
    if (slot.id < 0)
      return -1;
    if (slot.hash == hash && slot.size == size &&
        std::memcmp(pool_.data() + slot.offset, key, size) == 0)
      return slot.id;
  }
}

WordPiece::WordPiece(const Vocab& vocab, WordPieceOptions options) : options_(std::move(options)) {
  const auto unk = vocab.id(options_.unkToken);
  if (!unk)
    throw TokenizerError("the vocabulary has no unknown token '" + options_.unkToken + "'");
  unkId_ = *unk;
  const std::string_view prefix = options_.continuingSubwordPrefix;
  for (const auto& [token, id] : vocab.entries()) {
    wordStart_.insert(token, id);
    if (!prefix.empty() && token.size() > prefix.size() && token.substr(0, prefix.size()) == prefix)
      continuation_.insert(token.substr(prefix.size()), id);
    else if (prefix.empty())
      continuation_.insert(token, id);
  }
}

void WordPiece::tokenize(std::string_view word, std::vector<WordPieceMatch>& out) const {
  const auto size = static_cast<std::uint32_t>(word.size());
  std::size_t chars = 0;
  for (char byte : word)
    chars += !isContinuationByte(byte);
  if (chars > options_.maxInputCharsPerWord) {
    out.push_back({unkId_, 0, size});
    return;
  }
  const std::size_t firstPiece = out.size();
  std::uint32_t start = 0;
  while (start < size) {
    const Table& table = start == 0 ? wordStart_ : continuation_;
    // Greedy longest match: no piece is longer than the longest key, so start there.
    auto end = static_cast<std::uint32_t>(std::min<std::size_t>(size, start + table.maxKeySize()));
    while (end > start && end < size && isContinuationByte(word[end]))
      --end;
    TokenId id = -1;
    while (end > start) {
      id = table.find(word.data() + start, end - start);
      if (id >= 0)
        break;
      do
        --end;
      while (end > start && isContinuationByte(word[end]));
    }
    if (id < 0) { // some part matches nothing: the whole word is unknown
      out.resize(firstPiece);
      out.push_back({unkId_, 0, size});
      return;
    }
    out.push_back({id, start, end});
    start = end;
  }
}

} // namespace bertc::tokenizer
