#include "frontend/ModelDescription.h"

namespace bertc {
namespace {

template <typename Enum>
std::optional<Enum> lookup(const std::vector<std::string>& names, const std::string& word) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == word)
      return static_cast<Enum>(i);
  return std::nullopt;
}

} // namespace

// The vectors below are indexed by the enums' values: keep them in declaration order.
const std::vector<std::string>& hiddenActNames() {
  static const std::vector<std::string> names = {"gelu", "gelu_tanh", "relu"};
  return names;
}
const std::vector<std::string>& headKindNames() {
  static const std::vector<std::string> names = {"binary",   "classes", "pooled",
                                                 "sequence", "mlm",     "nsp"};
  return names;
}
const std::vector<std::string>& precisionNames() {
  static const std::vector<std::string> names = {"f32", "bf16", "int8"};
  return names;
}

const char* toString(HiddenAct act) {
  return hiddenActNames()[static_cast<size_t>(act)].c_str();
}
const char* toString(HeadKind kind) {
  return headKindNames()[static_cast<size_t>(kind)].c_str();
}
const char* toString(Precision p) {
  return precisionNames()[static_cast<size_t>(p)].c_str();
}

std::optional<HiddenAct> parseHiddenAct(const std::string& w) {
  return lookup<HiddenAct>(hiddenActNames(), w);
}
std::optional<HeadKind> parseHeadKind(const std::string& w) {
  return lookup<HeadKind>(headKindNames(), w);
}
std::optional<Precision> parsePrecision(const std::string& w) {
  return lookup<Precision>(precisionNames(), w);
}

int64_t HeadConfig::numOutputs(const EncoderConfig& encoder) const {
  switch (kind) {
  case HeadKind::Binary:
    return 1;
  case HeadKind::Classes:
    return static_cast<int64_t>(labels.size());
  case HeadKind::Nsp:
    return 2;
  case HeadKind::Mlm:
    return encoder.vocabSize;
  case HeadKind::Pooled:
  case HeadKind::Sequence:
    return 0;
  }
  return 0;
}

bool HeadConfig::readsPooledOutput() const {
  return kind == HeadKind::Binary || kind == HeadKind::Classes || kind == HeadKind::Pooled ||
         kind == HeadKind::Nsp;
}

} // namespace bertc
