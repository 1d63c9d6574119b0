#include "tokenizer/Vocab.h"

#include "support/Limits.h"
#include "tokenizer/TokenizerError.h"
#include "tokenizer/UnicodeRules.h"
#include "tokenizer/Utf8.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace bertc::tokenizer {

namespace {
// Rust's str::trim_end: drops trailing White_Space characters.
std::string_view trimEnd(std::string_view line) {
  std::size_t keep = 0;
  for (std::size_t pos = 0; pos < line.size();) {
    const DecodedChar decoded = decodeUtf8(line, pos);
    pos += decoded.length;
    if (!isBertWhitespace(decoded.codePoint))
      keep = pos;
  }
  return line.substr(0, keep);
}
} // namespace

Vocab Vocab::fromTxtFile(const std::string& path) {
  // As the compiler does: a device or a pipe (/dev/zero) would be read until memory runs out.
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw TokenizerError("cannot open vocabulary file '" + path + "': file not found");
  if (!std::filesystem::is_regular_file(path, ec))
    throw TokenizerError("vocabulary file '" + path + "' is not a regular file");
  if (std::filesystem::file_size(path, ec) > limits::kVocabFileBytes)
    throw TokenizerError("vocabulary file '" + path + "' is larger than 256 MiB; not a vocab.txt");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw TokenizerError("cannot open vocabulary file '" + path + "'");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad())
    throw TokenizerError("cannot read vocabulary file '" + path + "'");
  try {
    return fromTxt(contents.str());
  } catch (const TokenizerError& e) {
    throw TokenizerError(path + ": " + e.what());
  }
}

Vocab Vocab::fromTxt(std::string_view contents) {
  Vocab vocab;
  TokenId id = 0;
  std::size_t start = 0;
  while (start < contents.size()) {
    std::size_t end = contents.find('\n', start);
    if (end == std::string_view::npos)
      end = contents.size();
    const std::string_view line = contents.substr(start, end - start);
    if (!isValidUtf8(line))
      throw TokenizerError("line " + std::to_string(id + 1) + " is not valid UTF-8");
    vocab.insert(std::string(trimEnd(line)), id);
    ++id;
    start = end + 1;
  }
  if (vocab.tokens_.empty())
    throw TokenizerError("the vocabulary is empty");
  return vocab;
}

Vocab Vocab::fromEntries(std::vector<std::pair<std::string, TokenId>> entries) {
  Vocab vocab;
  for (auto& [token, id] : entries) {
    if (id < 0 || id > (1 << 30))
      throw TokenizerError("token id " + std::to_string(id) + " out of range");
    vocab.insert(std::move(token), id);
  }
  return vocab;
}

void Vocab::insert(std::string token, TokenId id) {
  const auto index = static_cast<std::size_t>(id);
  if (index >= tokens_.size()) {
    tokens_.resize(index + 1);
    hasToken_.resize(index + 1, false);
  }
  // A later entry for the same token takes it over (HF's HashMap insert semantics) ...
  if (auto previous = index_.find(token); previous != index_.end()) {
    const auto previousIndex = static_cast<std::size_t>(previous->second);
    hasToken_[previousIndex] = false;
    tokens_[previousIndex].clear();
  }
  // ... and a later token for the same id replaces the earlier one.
  if (hasToken_[index])
    index_.erase(tokens_[index]);
  index_[token] = id;
  tokens_[index] = std::move(token);
  hasToken_[index] = true;
}

std::optional<TokenId> Vocab::id(std::string_view token) const {
  auto it = index_.find(token);
  if (it == index_.end())
    return std::nullopt;
  return it->second;
}

std::string_view Vocab::token(TokenId id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= tokens_.size())
    return {};
  return tokens_[static_cast<std::size_t>(id)];
}

std::vector<std::pair<std::string_view, TokenId>> Vocab::entries() const {
  std::vector<std::pair<std::string_view, TokenId>> result;
  for (std::size_t i = 0; i < tokens_.size(); ++i)
    if (hasToken_[i])
      result.emplace_back(tokens_[i], static_cast<TokenId>(i));
  return result;
}

} // namespace bertc::tokenizer
