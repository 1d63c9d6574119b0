// The resolved model description: what a model YAML file says once presets and defaults are
// applied and every value has been validated. See docs/model-yaml.md for the file format.
#pragma once

#include "frontend/Diagnostic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bertc {

enum class HiddenAct { Gelu, GeluTanh, Relu };
enum class HeadKind { Binary, Classes, Pooled, Sequence, Mlm, Nsp };
enum class Precision { F32, BF16, Int8 };

// Hugging Face BertConfig fields, under the names the YAML file uses.
struct EncoderConfig {
  int64_t vocabSize = 0;
  int64_t hiddenSize = 0;
  int64_t numLayers = 0;
  int64_t numHeads = 0;
  int64_t intermediateSize = 0;
  int64_t maxPositionEmbeddings = 0;
  int64_t typeVocabSize = 2;
  HiddenAct hiddenAct = HiddenAct::Gelu;
  double layerNormEps = 1e-12;

  int64_t headDim() const { return hiddenSize / numHeads; }
};

// The bounds one compiled model serves: any batch <= maxBatch, any length <= maxSeqLen.
struct InputConfig {
  int64_t maxSeqLen = 0;
  int64_t maxBatch = 0;
};

struct HeadConfig {
  std::string name; // unique among the model's heads; names the head's outputs
  HeadKind kind = HeadKind::Binary;
  std::string prefix; // weight-name prefix of binary/classes heads ("classifier")
  std::vector<std::string> labels;
  double dropout = 0.0; // used by training only; inference ignores it

  // Width of the head's logits per sequence (per token for mlm); 0 for pooled/sequence.
  int64_t numOutputs(const EncoderConfig& encoder) const;
  bool readsPooledOutput() const;
};

struct TokenizerConfig {
  std::string vocabPath; // absolute, or relative to the working directory
  bool lowercase = true;
  bool stripAccents = true;
  // The embedding table has more rows than the vocabulary has lines (checkpoints whose
  // vocab_size was rounded up): only then may the two differ, and only that way.
  bool vocabPadded = false;
  int64_t vocabTokens = 0; // lines in the vocab file
  // Ids of the special tokens, found by their strings in the vocab; -1 where absent.
  int64_t clsId = -1, sepId = -1, unkId = -1, padId = -1, maskId = -1;
};

struct ModelDescription {
  std::string sourceFile;
  std::string name;
  std::string preset; // empty when none
  EncoderConfig encoder;
  InputConfig input;
  std::vector<HeadConfig> heads;
  std::optional<TokenizerConfig> tokenizer;
  Precision precision = Precision::F32;
  SourcePos precisionPos; // where `precision` is given, for errors of later stages
};

const char* toString(HiddenAct act);
const char* toString(HeadKind kind);
const char* toString(Precision precision);

// Every word a YAML value may take, in the order documentation lists them.
const std::vector<std::string>& hiddenActNames();
const std::vector<std::string>& headKindNames();
const std::vector<std::string>& precisionNames();
std::optional<HiddenAct> parseHiddenAct(const std::string& word);
std::optional<HeadKind> parseHeadKind(const std::string& word);
std::optional<Precision> parsePrecision(const std::string& word);

} // namespace bertc
