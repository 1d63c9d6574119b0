// The model description parser: what valid files resolve to, and the exact diagnostics for
// invalid ones (file:line:col, key path, message; every error, in file order).
#include "frontend/ModelParser.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace bertc {
namespace {

const std::string kVocabDir = BERTC_DATA_DIR "/bert-vocab";

ParseResult parse(const std::string& yaml) {
  return parseModelText(yaml, "m.yaml", kVocabDir);
}

std::vector<std::string> errorsOf(const std::string& yaml) {
  std::vector<std::string> out;
  for (const Diagnostic& d : parse(yaml).errors)
    out.push_back(d.str());
  return out;
}

// A valid description that negative cases start from.
const std::string kValid = R"(name: demo
preset: bert-tiny
input:
  max_seq_len: 128
  max_batch: 4
head:
  kind: binary
)";

TEST(ModelParser, ResolvesPresetAndDefaults) {
  ParseResult r = parse(kValid);
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].str();
  const ModelDescription& m = *r.model;
  EXPECT_EQ(m.name, "demo");
  EXPECT_EQ(m.preset, "bert-tiny");
  EXPECT_EQ(m.encoder.vocabSize, 30522);
  EXPECT_EQ(m.encoder.hiddenSize, 128);
  EXPECT_EQ(m.encoder.numLayers, 2);
  EXPECT_EQ(m.encoder.numHeads, 2);
  EXPECT_EQ(m.encoder.intermediateSize, 512);
  EXPECT_EQ(m.encoder.maxPositionEmbeddings, 512);
  EXPECT_EQ(m.encoder.typeVocabSize, 2);
  EXPECT_EQ(m.encoder.hiddenAct, HiddenAct::Gelu);
  EXPECT_DOUBLE_EQ(m.encoder.layerNormEps, 1e-12);
  EXPECT_EQ(m.input.maxSeqLen, 128);
  EXPECT_EQ(m.input.maxBatch, 4);
  ASSERT_EQ(m.heads.size(), 1u);
  EXPECT_EQ(m.heads[0].kind, HeadKind::Binary);
  EXPECT_EQ(m.heads[0].prefix, "classifier");
  EXPECT_DOUBLE_EQ(m.heads[0].dropout, 0.0);
  EXPECT_FALSE(m.tokenizer.has_value());
  EXPECT_EQ(m.precision, Precision::F32);
}

TEST(ModelParser, ExplicitKeysOverridePreset) {
  ParseResult r = parse(kValid + "encoder:\n  num_layers: 3\n  hidden_act: gelu_tanh\n"
                                 "  layer_norm_eps: 1e-5\nprecision: bf16\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].str();
  EXPECT_EQ(r.model->encoder.numLayers, 3);
  EXPECT_EQ(r.model->encoder.hiddenSize, 128); // still the preset's
  EXPECT_EQ(r.model->encoder.hiddenAct, HiddenAct::GeluTanh);
  EXPECT_DOUBLE_EQ(r.model->encoder.layerNormEps, 1e-5);
  EXPECT_EQ(r.model->precision, Precision::BF16);
}

TEST(ModelParser, EveryPresetHasTheGoogleShape) {
  struct Shape {
    const char* preset;
    int64_t layers, hidden, heads, intermediate;
  };
  for (Shape s : {Shape{"bert-base-uncased", 12, 768, 12, 3072},
                  Shape{"bert-large-uncased", 24, 1024, 16, 4096},
                  Shape{"bert-tiny", 2, 128, 2, 512}, Shape{"bert-mini", 4, 256, 4, 1024},
                  Shape{"bert-small", 4, 512, 8, 2048}, Shape{"bert-medium", 8, 512, 8, 2048}}) {
    ParseResult r = parse("name: m\npreset: " + std::string(s.preset) +
                          "\ninput: {max_seq_len: 64, max_batch: 1}\nhead: {kind: pooled}\n");
    ASSERT_TRUE(r.model) << s.preset;
    EXPECT_EQ(r.model->encoder.numLayers, s.layers) << s.preset;
    EXPECT_EQ(r.model->encoder.hiddenSize, s.hidden) << s.preset;
    EXPECT_EQ(r.model->encoder.numHeads, s.heads) << s.preset;
    EXPECT_EQ(r.model->encoder.intermediateSize, s.intermediate) << s.preset;
  }
}

TEST(ModelParser, ExplicitEncoderWithoutPreset) {
  ParseResult r = parse("name: odd\nencoder:\n  vocab_size: 250\n  hidden_size: 20\n"
                        "  num_layers: 1\n  num_heads: 1\n  intermediate_size: 40\n"
                        "  max_position_embeddings: 512\ninput: {max_seq_len: 16, max_batch: 2}\n"
                        "heads:\n  - kind: sequence\n  - kind: classes\n    name: topic\n"
                        "    labels: [a, b, c]\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].str();
  EXPECT_EQ(r.model->encoder.vocabSize, 250);
  ASSERT_EQ(r.model->heads.size(), 2u);
  EXPECT_EQ(r.model->heads[0].name, "sequence");
  EXPECT_EQ(r.model->heads[1].name, "topic");
  EXPECT_EQ(r.model->heads[1].numOutputs(r.model->encoder), 3);
}

TEST(ModelParser, TokenizerVocabResolvesRelativeToTheFileAndFindsSpecialTokens) {
  ParseResult r = parse(kValid + "tokenizer:\n  vocab: bert-base-uncased-vocab.txt\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].str();
  const TokenizerConfig& t = *r.model->tokenizer;
  EXPECT_EQ(t.vocabPath, kVocabDir + "/bert-base-uncased-vocab.txt");
  EXPECT_EQ(t.vocabTokens, 30522);
  EXPECT_EQ(t.padId, 0);
  EXPECT_EQ(t.unkId, 100);
  EXPECT_EQ(t.clsId, 101);
  EXPECT_EQ(t.sepId, 102);
  EXPECT_EQ(t.maskId, 103);
  EXPECT_TRUE(t.lowercase);
  EXPECT_TRUE(t.stripAccents); // follows lowercase unless given
}

TEST(ModelParser, StripAccentsFollowsLowercaseUnlessGiven) {
  const std::string tok = "tokenizer:\n  vocab: bert-base-cased-vocab.txt\n  lowercase: false\n";
  ParseResult r = parse(kValid + "encoder: {vocab_size: 28996}\n" + tok);
  ASSERT_TRUE(r.model) << r.errors[0].str();
  EXPECT_FALSE(r.model->tokenizer->lowercase);
  EXPECT_FALSE(r.model->tokenizer->stripAccents);
  r = parse(kValid + "encoder: {vocab_size: 28996}\n" + tok + "  strip_accents: true\n");
  ASSERT_TRUE(r.model) << r.errors[0].str();
  EXPECT_TRUE(r.model->tokenizer->stripAccents);
}

TEST(ModelParser, SpecialTokensAreFoundByStringNotAssumed) {
  // The allennlp fixture's vocab puts [UNK] at 1 and [CLS] at 2, unlike bert-base.
  ParseResult r = parseModelText(
      "name: x\nencoder: {vocab_size: 250, hidden_size: 20, num_layers: 1, num_heads: 1,\n"
      "  intermediate_size: 40, max_position_embeddings: 512}\n"
      "input: {max_seq_len: 8, max_batch: 1}\nhead: {kind: pooled}\ntokenizer: {vocab: "
      "vocab.txt}\n",
      "m.yaml", BERTC_DATA_DIR "/tiny-bert-models/allennlp-bert-xsmall-dummy");
  ASSERT_TRUE(r.model) << r.errors[0].str();
  EXPECT_EQ(r.model->tokenizer->unkId, 1);
  EXPECT_EQ(r.model->tokenizer->clsId, 2);
  EXPECT_EQ(r.model->tokenizer->sepId, 3);
}

struct NegativeCase {
  const char* what;
  std::string yaml;
  std::vector<std::string> errors;
};

void PrintTo(const NegativeCase& c, std::ostream* os) {
  *os << c.what;
}

class ModelParserRejects : public ::testing::TestWithParam<NegativeCase> {};

TEST_P(ModelParserRejects, WithExactMessages) {
  const NegativeCase& c = GetParam();
  ParseResult r = parse(c.yaml);
  EXPECT_FALSE(r.model.has_value());
  EXPECT_EQ(errorsOf(c.yaml), c.errors);
}

// Replaces the first occurrence of `from` in kValid.
std::string validWith(const std::string& from, const std::string& to) {
  std::string s = kValid;
  size_t at = s.find(from);
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

const NegativeCase kNegativeCases[] = {
    {"empty file",
     "",
     {"m.yaml: error: the model description is empty; it needs at least 'name', "
      "'encoder' or 'preset', 'input' and 'head'"}},
    {"syntax error",
     "name: [x\n",
     {"m.yaml:2:1: error: invalid YAML: end of sequence flow not found"}},
    {"top level is a list",
     "- a\n- b\n",
     {"m.yaml:1:1: error: expected a mapping at the top level, got a sequence"}},
    {"two documents",
     kValid + "---\nname: b\n",
     {"m.yaml:8:1: error: expected one YAML document, found more"}},
    {"malformed input yaml-cpp reads as nothing",
     ", \"b",
     {"m.yaml: error: invalid YAML: no document could be read (check quotes and brackets)"}},
    {"unknown top-level key with suggestion",
     kValid + "presett: bert-tiny\n",
     {"m.yaml:8:1: error: presett: unknown key; did you mean 'preset'?"}},
    {"unknown top-level key without suggestion",
     kValid + "zzz: 1\n",
     {"m.yaml:8:1: error: zzz: unknown key; expected one of: name, preset, encoder, input, head, "
      "heads, tokenizer, precision"}},
    {"duplicate key",
     kValid + "name: again\n",
     {"m.yaml:8:1: error: name: duplicate key; first given at line 1"}},
    {"missing name",
     validWith("name: demo\n", ""),
     {"m.yaml:1:1: error: name: missing required key (a C identifier that prefixes the generated "
      "symbols)"}},
    {"name not an identifier",
     validWith("name: demo", "name: my-model"),
     {"m.yaml:1:7: error: name: 'my-model' is not a C identifier (letters, digits and '_', not "
      "starting with a digit)"}},
    {"name starts with a digit",
     validWith("name: demo", "name: 2bert"),
     {"m.yaml:1:7: error: name: '2bert' is not a C identifier (letters, digits and '_', not "
      "starting with a digit)"}},
    {"name is a keyword",
     validWith("name: demo", "name: struct"),
     {"m.yaml:1:7: error: name: 'struct' is a C/C++ keyword; it cannot prefix symbols"}},
    {"unknown preset",
     validWith("bert-tiny", "bert-tinny"),
     {"m.yaml:2:9: error: preset: unknown preset 'bert-tinny'; did you mean 'bert-tiny'?"}},
    {"neither encoder nor preset",
     validWith("preset: bert-tiny\n", ""),
     {"m.yaml:1:1: error: encoder: missing required key (or name a 'preset')"}},
    {"encoder missing keys",
     "name: a\nencoder:\n  vocab_size: 10\n  hidden_size: 8\ninput: {max_seq_len: 4, max_batch: "
     "1}\nhead: {kind: pooled}\n",
     {"m.yaml:3:3: error: encoder.num_layers: missing required key",
      "m.yaml:3:3: error: encoder.num_heads: missing required key",
      "m.yaml:3:3: error: encoder.intermediate_size: missing required key",
      "m.yaml:3:3: error: encoder.max_position_embeddings: missing required key"}},
    {"encoder is not a mapping",
     kValid + "encoder: 12\n",
     {"m.yaml:8:10: error: encoder: expected a mapping, got '12'"}},
    {"encoder key misspelt",
     kValid + "encoder:\n  hidden_sise: 128\n",
     {"m.yaml:9:3: error: encoder.hidden_sise: unknown key; did you mean 'hidden_size'?"}},
    {"float where an integer belongs",
     kValid + "encoder:\n  num_layers: 2.5\n",
     {"m.yaml:9:15: error: encoder.num_layers: expected an integer, got '2.5'"}},
    {"quoted number",
     kValid + "encoder:\n  num_layers: \"2\"\n",
     {"m.yaml:9:15: error: encoder.num_layers: expected an integer, got the string \"2\""}},
    {"sequence where an integer belongs",
     kValid + "encoder:\n  num_layers: [2]\n",
     {"m.yaml:9:15: error: encoder.num_layers: expected an integer, got a sequence"}},
    {"empty value",
     kValid + "encoder:\n  num_layers:\n",
     {"m.yaml:9:3: error: encoder.num_layers: expected an integer, got nothing"}},
    {"zero size",
     kValid + "encoder:\n  intermediate_size: 0\n",
     {"m.yaml:9:22: error: encoder.intermediate_size: must be positive, got 0"}},
    {"negative size",
     kValid + "encoder:\n  vocab_size: -5\n",
     {"m.yaml:9:15: error: encoder.vocab_size: must be positive, got -5"}},
    {"absurd size",
     kValid + "encoder:\n  num_layers: 99999999999999999999\n",
     {"m.yaml:9:15: error: encoder.num_layers: must be at most 256, got 99999999999999999999"}},
    {"hidden not divisible by heads",
     kValid + "encoder:\n  num_heads: 3\n",
     {"m.yaml:9:14: error: encoder.num_heads: hidden_size 128 is not divisible by num_heads 3"}},
    {"unknown activation",
     kValid + "encoder:\n  hidden_act: gleu\n",
     {"m.yaml:9:15: error: encoder.hidden_act: unknown activation 'gleu'; did you mean 'gelu'?"}},
    {"layer_norm_eps not positive",
     kValid + "encoder:\n  layer_norm_eps: 0\n",
     {"m.yaml:9:19: error: encoder.layer_norm_eps: must be in (0, 1), got 0"}},
    {"layer_norm_eps not a number",
     kValid + "encoder:\n  layer_norm_eps: .nan\n",
     {"m.yaml:9:19: error: encoder.layer_norm_eps: expected a number, got '.nan'"}},
    {"missing input",
     validWith("input:\n  max_seq_len: 128\n  max_batch: 4\n", ""),
     {"m.yaml:1:1: error: input: missing required key (max_seq_len and max_batch)"}},
    {"missing max_batch",
     validWith("  max_batch: 4\n", ""),
     {"m.yaml:4:3: error: input.max_batch: missing required key"}},
    {"max_seq_len beyond positions",
     validWith("max_seq_len: 128", "max_seq_len: 513"),
     {"m.yaml:4:16: error: input.max_seq_len: max_seq_len 513 exceeds "
      "encoder.max_position_embeddings 512"}},
    {"no head",
     validWith("head:\n  kind: binary\n", ""),
     {"m.yaml:1:1: error: head: missing required key (or 'heads', a list)"}},
    {"head and heads",
     kValid + "heads: []\n",
     {"m.yaml:8:1: error: heads: give either 'head' or 'heads', not both"}},
    {"empty heads",
     validWith("head:\n  kind: binary\n", "heads: []\n"),
     {"m.yaml:6:8: error: heads: must list at least one head"}},
    {"head without kind",
     validWith("kind: binary", "dropout: 0.1"),
     {"m.yaml:7:3: error: head.kind: missing required key (one of binary, classes, pooled, "
      "sequence, mlm, nsp)"}},
    {"unknown head kind",
     validWith("kind: binary", "kind: binnary"),
     {"m.yaml:7:9: error: head.kind: unknown head kind 'binnary'; did you mean 'binary'?"}},
    {"classes without labels",
     validWith("kind: binary", "kind: classes"),
     {"m.yaml:7:3: error: head.labels: missing required key (a 'classes' head names its "
      "classes)"}},
    {"classes with one label",
     validWith("kind: binary", "kind: classes\n  labels: [only]"),
     {"m.yaml:8:11: error: head.labels: a 'classes' head needs at least 2 labels, got 1"}},
    {"binary with three labels",
     validWith("kind: binary", "kind: binary\n  labels: [a, b, c]"),
     {"m.yaml:8:11: error: head.labels: a 'binary' head has exactly 2 labels (negative first), "
      "got 3"}},
    {"duplicate label",
     validWith("kind: binary", "kind: classes\n  labels: [a, b, a]"),
     {"m.yaml:8:18: error: head.labels[2]: duplicate label 'a'"}},
    {"labels on a pooled head",
     validWith("kind: binary", "kind: pooled\n  labels: [a, b]"),
     {"m.yaml:8:3: error: head.labels: not used by a 'pooled' head"}},
    {"dropout out of range",
     validWith("kind: binary", "kind: binary\n  dropout: 1"),
     {"m.yaml:8:12: error: head.dropout: must be in [0, 1), got 1"}},
    {"two heads with one name",
     validWith("head:\n  kind: binary\n", "heads:\n  - kind: mlm\n  - kind: mlm\n"),
     {"m.yaml:8:5: error: heads[1].name: duplicate head name 'mlm'; give each head a distinct "
      "'name'"}},
    {"two classifiers sharing weights",
     validWith("head:\n  kind: binary\n",
               "heads:\n  - kind: binary\n  - kind: binary\n    name: second\n"),
     {"m.yaml:8:5: error: heads[1].prefix: weight prefix 'classifier' is already used by head "
      "'binary'; give this head its own 'prefix'"}},
    {"unknown precision",
     kValid + "precision: fp32\n",
     {"m.yaml:8:12: error: precision: unknown precision 'fp32'; did you mean 'f32'?"}},
    {"vocab file missing",
     kValid + "tokenizer:\n  vocab: missing.txt\n",
     {"m.yaml:9:10: error: tokenizer.vocab: file not found: " + kVocabDir + "/missing.txt"}},
    {"vocab size mismatch",
     kValid + "encoder: {vocab_size: 100}\ntokenizer:\n  vocab: "
              "bert-base-uncased-vocab.txt\n",
     {"m.yaml:10:10: error: tokenizer.vocab: has 30522 tokens but encoder.vocab_size is 100"}},
    {"lowercase not a bool",
     kValid + "tokenizer:\n  vocab: bert-base-uncased-vocab.txt\n  "
              "lowercase: yes please\n",
     {"m.yaml:10:14: error: tokenizer.lowercase: expected true or false, got 'yes please'"}},
    {"errors come in file order",
     "precision: int4\nname: 1x\npreset: bert-tiny\ninput: {max_seq_len: 0, max_batch: 1}\n"
     "head: {kind: nsp, labels: [a]}\n",
     {"m.yaml:1:12: error: precision: unknown precision 'int4'; did you mean 'int8'?",
      "m.yaml:2:7: error: name: '1x' is not a C identifier (letters, digits and '_', not "
      "starting with a digit)",
      "m.yaml:4:22: error: input.max_seq_len: must be positive, got 0",
      "m.yaml:5:27: error: head.labels: a 'nsp' head has exactly 2 labels (is-next first), got "
      "1"}},
};

INSTANTIATE_TEST_SUITE_P(Cases, ModelParserRejects, ::testing::ValuesIn(kNegativeCases),
                         [](const ::testing::TestParamInfo<NegativeCase>& param) {
                           std::string name;
                           for (char c : std::string(param.param.what))
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(ModelParser, MissingFileNamesIt) {
  ParseResult r = parseModelFile("/nonexistent/model.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].str(), "/nonexistent/model.yaml: error: file not found");
}

TEST(ModelParser, FuzzModeDoesNotTouchTheFileSystem) {
  ParseOptions noFiles;
  noFiles.checkReferencedFiles = false;
  ParseResult r =
      parseModelText(kValid + "tokenizer: {vocab: /dev/zero}\n", "m.yaml", ".", noFiles);
  ASSERT_TRUE(r.model);
  EXPECT_EQ(r.model->tokenizer->vocabPath, "/dev/zero");
}

} // namespace
} // namespace bertc
