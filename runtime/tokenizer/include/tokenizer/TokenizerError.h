#pragma once

#include <stdexcept>

namespace bertc::tokenizer {

// Every failure of the tokenizer library (unreadable or malformed vocabulary, bad options).
class TokenizerError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace bertc::tokenizer
