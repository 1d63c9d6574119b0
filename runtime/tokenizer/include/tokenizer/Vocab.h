// Token <-> id mapping of a WordPiece vocabulary.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bertc::tokenizer {

using TokenId = std::int32_t;

class Vocab {
public:
  Vocab() = default;

  // vocab.txt: one token per line, id = line number (from 0). As in HF, trailing white space is
  // trimmed and a later duplicate line takes the token over. Throws TokenizerError.
  static Vocab fromTxtFile(const std::string& path);
  static Vocab fromTxt(std::string_view contents);
  // Explicit (token, id) pairs, e.g. from tokenizer.json. Ids need not be dense.
  static Vocab fromEntries(std::vector<std::pair<std::string, TokenId>> entries);

  std::optional<TokenId> id(std::string_view token) const;
  // The token of an id, or "" for an id without one.
  std::string_view token(TokenId id) const;
  // One past the largest id.
  std::size_t size() const { return tokens_.size(); }
  // (token, id) for every token, in id order.
  std::vector<std::pair<std::string_view, TokenId>> entries() const;

private:
  void insert(std::string token, TokenId id);

  std::vector<std::string> tokens_; // by id; "" where no token has that id
  std::vector<bool> hasToken_;
  std::map<std::string, TokenId, std::less<>> index_;
};

} // namespace bertc::tokenizer
