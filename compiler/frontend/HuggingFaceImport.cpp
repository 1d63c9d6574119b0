#include "frontend/HuggingFaceImport.h"

#include "frontend/HuggingFaceJson.h"
#include "frontend/HuggingFaceTokenizer.h"
#include "frontend/ModelParser.h"
#include "support/Limits.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>

namespace bertc {
namespace {

using namespace hf;

const std::vector<std::string> kConfigKeys = {
    "model_type",         "architectures",       "hidden_size",
    "num_hidden_layers",  "num_attention_heads", "intermediate_size",
    "hidden_act",         "layer_norm_eps",      "max_position_embeddings",
    "type_vocab_size",    "vocab_size",          "id2label",
    "num_labels",         "problem_type",        "position_embedding_type",
    "is_decoder",         "add_cross_attention", "chunk_size_feed_forward",
    "classifier_dropout", "hidden_dropout_prob"};

// config.json's encoder keys under the description's names, with Hugging Face's defaults.
void writeEncoder(ConfigReader& config, DescriptionWriter& out, int64_t& maxPositions) {
  out.line("encoder:");
  struct Size {
    const char* hf;
    const char* yaml;
    int64_t max;
    std::optional<int64_t> hfDefault;
  };
  const Size sizes[] = {{"vocab_size", "vocab_size", int64_t(1) << 24, std::nullopt},
                        {"hidden_size", "hidden_size", 32768, std::nullopt},
                        {"num_hidden_layers", "num_layers", 256, std::nullopt},
                        {"num_attention_heads", "num_heads", 32768, std::nullopt},
                        {"intermediate_size", "intermediate_size", 131072, std::nullopt},
                        {"max_position_embeddings", "max_position_embeddings", 65536, 512},
                        {"type_vocab_size", "type_vocab_size", 1024, 2}};
  for (const Size& s : sizes) {
    std::optional<int64_t> v;
    std::string origin = std::string("config.json ") + s.hf;
    if (config.has(s.hf)) {
      v = config.integer(s.hf, 1, s.max);
    } else if (s.hfDefault) {
      v = s.hfDefault;
      origin = std::string("Hugging Face's default; config.json has no ") + s.hf;
    } else {
      config.error(s.hf, std::string("missing required key ") + s.hf);
    }
    if (v)
      out.line(std::string("  ") + s.yaml + ": " + std::to_string(*v), origin);
    if (v && std::string(s.hf) == "max_position_embeddings")
      maxPositions = *v;
  }
  const std::string act =
      config.has("hidden_act") ? config.string("hidden_act").value_or("") : "gelu";
  static const std::map<std::string, std::string> acts = {{"gelu", "gelu"},
                                                          {"gelu_new", "gelu_tanh"},
                                                          {"gelu_pytorch_tanh", "gelu_tanh"},
                                                          {"relu", "relu"}};
  if (auto it = acts.find(act); it != acts.end())
    out.line("  hidden_act: " + it->second, config.has("hidden_act")
                                                ? "config.json hidden_act \"" + act + "\""
                                                : "Hugging Face's default gelu");
  else if (!act.empty())
    config.error("hidden_act", "hidden_act \"" + act +
                                   "\" is not implemented by bertc (gelu, gelu_new, "
                                   "gelu_pytorch_tanh and relu are)");
  if (config.has("layer_norm_eps")) {
    if (std::optional<double> eps = config.number("layer_norm_eps", 0, 1))
      out.line("  layer_norm_eps: " + shortestText(*eps), "config.json layer_norm_eps");
  } else {
    out.line("  layer_norm_eps: 1.0e-12", "Hugging Face's default");
  }
}

// Settings of config.json that change the network into one bertc does not compile.
void refuseUnsupported(ConfigReader& config, const std::string& file) {
  if (config.has("model_type"))
    if (std::optional<std::string> type = config.string("model_type"); type && *type != "bert")
      config.error("model_type", "model_type \"" + *type + "\" in " + file +
                                     " is not BERT; bertc compiles BERT encoders only");
  if (config.has("position_embedding_type"))
    if (auto type = config.string("position_embedding_type"); type && *type != "absolute")
      config.error("position_embedding_type",
                   "position_embedding_type \"" + *type + "\" in " + file +
                       " is not implemented by bertc (only \"absolute\" is)");
  for (const char* key : {"is_decoder", "add_cross_attention"})
    if (config.has(key) && config.boolean(key).value_or(false))
      config.error(key, std::string(key) + " is true in " + file +
                            "; bertc compiles encoders without cross-attention only");
  if (config.has("chunk_size_feed_forward"))
    config.integer("chunk_size_feed_forward", 0,
                   int64_t(1) << 30); // chunking does not change results
}

// The dropout the checkpoint's classifier was trained with, recorded for `bertc fit`.
void writeDropout(ConfigReader& config, DescriptionWriter& out) {
  for (const char* key : {"classifier_dropout", "hidden_dropout_prob"})
    if (config.has(key)) {
      if (std::optional<double> p = config.number(key, 0, 1))
        out.line("    dropout: " + std::to_string(*p).substr(0, 6),
                 std::string("config.json ") + key);
      return;
    }
}

// id2label in index order; Hugging Face's LABEL_i when absent.
std::vector<std::string> labelsOf(ConfigReader& config, int64_t numLabels) {
  std::vector<std::string> labels;
  const YAML::Node map = config.map().get("id2label");
  if (!map.IsDefined()) {
    for (int64_t i = 0; i < numLabels; ++i)
      labels.push_back("LABEL_" + std::to_string(i));
    return labels;
  }
  std::map<int64_t, std::string> byIndex;
  for (auto it = map.begin(); map.IsMap() && it != map.end(); ++it) {
    char* end = nullptr;
    const std::string key = it->first.Scalar();
    const long long index = std::strtoll(key.c_str(), &end, 10);
    if (key.empty() || *end != '\0' || index < 0 || !it->second.IsScalar()) {
      config.error("id2label", "id2label maps label indices (\"0\", \"1\", ...) to names");
      return {};
    }
    byIndex[index] = it->second.Scalar();
  }
  for (auto [index, name] : byIndex) {
    if (index != int64_t(labels.size())) {
      config.error("id2label", "id2label lacks label " + std::to_string(labels.size()));
      return {};
    }
    labels.push_back(name);
  }
  return labels;
}

void writeLabels(DescriptionWriter& out, const std::vector<std::string>& labels,
                 const std::string& origin) {
  std::string line = "    labels: [";
  for (size_t i = 0; i < labels.size(); ++i)
    line += (i ? ", " : "") + yamlQuoted(labels[i]);
  out.line(line + "]", origin);
}

// BertForSequenceClassification's head: classes (softmax) for single-label problems, binary
// (sigmoid) for one multi-label output; regression has no bertc head.
void writeClassifier(ConfigReader& config, DescriptionWriter& out, const std::string& file) {
  int64_t numLabels = 2; // Hugging Face's default
  if (config.has("id2label") && config.map().get("id2label").IsMap())
    numLabels = int64_t(config.map().get("id2label").size());
  if (config.has("num_labels"))
    numLabels = config.integer("num_labels", 1, limits::kLabelsPerHead).value_or(numLabels);
  const std::string problem = config.has("problem_type")
                                  ? config.string("problem_type").value_or("")
                                  : (numLabels == 1 ? "regression" : "single_label_classification");
  const std::vector<std::string> labels = labelsOf(config, numLabels);
  const std::string count =
      numLabels == 1 ? std::string("1 label") : std::to_string(numLabels) + " labels";
  const std::string where = config.has("problem_type") ? "problem_type \"" + problem + "\""
                                                       : count + " without a problem_type";
  if (problem == "regression") {
    config.error(config.has("problem_type") ? "problem_type" : "num_labels",
                 file + ": " + where +
                     " is a regression model; bertc compiles classifier "
                     "heads (a sigmoid or softmax), not a raw regression output");
  } else if (problem == "multi_label_classification" && numLabels == 1) {
    out.line("  - kind: binary", file + " " + where + ", 1 label: a sigmoid");
    out.line("    prefix: classifier", "BertForSequenceClassification's classifier.*");
    if (!labels.empty())
      writeLabels(out, {"not " + labels[0], labels[0]}, "id2label 0 and its absence");
    writeDropout(config, out);
  } else if (problem == "single_label_classification" && numLabels >= 2) {
    out.line("  - kind: classes", file + " " + where + ": a softmax");
    out.line("    prefix: classifier", "BertForSequenceClassification's classifier.*");
    if (!labels.empty())
      writeLabels(out, labels, "id2label in index order");
    writeDropout(config, out);
  } else {
    config.error(config.has("problem_type") ? "problem_type" : "num_labels",
                 file + ": " + where + " with " + std::to_string(numLabels) +
                     " labels has no bertc head (single-label needs at least 2 labels; "
                     "multi-label exactly 1)");
  }
}

// The heads `architectures` implies: BertModel (or none) is the encoder's two outputs.
// --head binary: a new Dense(1) + sigmoid head, whatever the checkpoint's was.
void writeBinaryHead(ConfigReader& config, DescriptionWriter& out) {
  out.line("heads:", "--head binary");
  out.line("  - kind: binary", "--head binary: Dense(1) + sigmoid on the pooled output");
  out.line("    prefix: classifier");
  const YAML::Node map = config.map().get("id2label");
  if (map.IsMap() && map.size() == 2)
    if (std::vector<std::string> labels = labelsOf(config, 2); labels.size() == 2)
      writeLabels(out, labels, "id2label in index order");
  writeDropout(config, out);
}

void writeHeads(ConfigReader& config, DescriptionWriter& out, const std::string& file) {
  std::string arch = "BertModel";
  const YAML::Node archs = config.map().get("architectures");
  if (archs.IsDefined()) {
    if (!archs.IsSequence() || archs.size() != 1 || !archs[0].IsScalar()) {
      config.error("architectures", "expected a list of one architecture name");
      return;
    }
    arch = archs[0].Scalar();
  }
  out.line("heads:", archs.IsDefined() ? file + " architectures " + arch
                                       : "no architectures: the encoder's outputs");
  if (arch == "BertForSequenceClassification") {
    writeClassifier(config, out, file);
  } else if (arch == "BertForPreTraining") {
    out.line("  - kind: mlm", "BertForPreTraining: masked LM ...");
    out.line("  - kind: nsp", "... and next-sentence prediction");
  } else if (arch == "BertForMaskedLM") {
    out.line("  - kind: mlm", "BertForMaskedLM");
  } else if (arch == "BertForNextSentencePrediction") {
    out.line("  - kind: nsp", "BertForNextSentencePrediction");
  } else if (arch == "BertModel") {
    out.line("  - kind: pooled", "BertModel: pooler_output ...");
    out.line("  - kind: sequence", "... and last_hidden_state");
  } else {
    config.error("architectures",
                 file + ": architecture " + arch +
                     " has no bertc head (BertModel, "
                     "BertForSequenceClassification, BertForPreTraining, BertForMaskedLM and "
                     "BertForNextSentencePrediction import)");
  }
}

} // namespace

std::string cIdentifierFrom(const std::string& text) {
  std::string id;
  for (unsigned char c : text)
    id += std::isalnum(c) ? char(c) : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])))
    id = "_" + id;
  return isCKeyword(id) ? id + "_model" : id;
}

} // namespace bertc

namespace bertc {
namespace {

using namespace hf;

// The encoder, the heads and the bounds from config.json; false after reporting errors.
bool writeFromConfig(const JsonFile& file, const ImportOptions& options,
                     const std::optional<TokenizerSettings>& tokenizer, DescriptionWriter& out,
                     Reporter& reporter, int64_t& vocabSize) {
  ConfigReader config(reporter, file, kConfigKeys);
  refuseUnsupported(config, "config.json");
  int64_t maxPositions = 512;
  writeEncoder(config, out, maxPositions);
  vocabSize = config.has("vocab_size") ? config.integer("vocab_size", 1, 1 << 24).value_or(0) : 0;
  int64_t maxSeqLen = std::min<int64_t>(maxPositions, 512);
  std::string origin = "min(max_position_embeddings, 512)";
  if (tokenizer && tokenizer->modelMaxLength && *tokenizer->modelMaxLength < maxSeqLen) {
    maxSeqLen = *tokenizer->modelMaxLength;
    origin = "tokenizer_config.json model_max_length";
  }
  out.line("input:");
  out.line("  max_seq_len: " + std::to_string(options.maxSeqLen.value_or(maxSeqLen)),
           options.maxSeqLen ? "--max-seq-len" : origin);
  out.line("  max_batch: " + std::to_string(options.maxBatch.value_or(8)),
           options.maxBatch ? "--max-batch" : "bertc import's default; --max-batch N");
  if (options.head == "binary")
    writeBinaryHead(config, out);
  else
    writeHeads(config, out, "config.json");
  return reporter.empty();
}

} // namespace

ImportResult importHuggingFace(const ImportOptions& options) {
  ImportResult result;
  const fs::path dir(options.dir);
  // `-o m.yaml` writes beside the current directory: its parent is "", which paths cannot use.
  fs::path outDir = fs::path(options.output).parent_path();
  if (outDir.empty())
    outDir = ".";
  if (!fs::is_directory(dir)) {
    result.errors.push_back({options.dir, {}, "", "not a directory"});
    return result;
  }
  const std::string configPath = (dir / "config.json").string();
  Reporter reporter(configPath);
  std::optional<JsonFile> config = readJson(configPath, reporter);
  const std::string dirName = fs::absolute(dir).lexically_normal().filename().string();
  const std::string name =
      options.name.empty() ? cIdentifierFrom(dirName.empty() ? "model" : dirName) : options.name;
  std::optional<TokenizerSettings> tokenizer = readTokenizer(dir, outDir, name, result.errors);

  DescriptionWriter out;
  out.line("# Imported by `bertc import " + options.dir + "`; edit freely (docs/model-yaml.md).");
  out.line("name: " + name, options.name.empty() ? "the directory's name" : "--name");
  int64_t vocabSize = 0;
  if (config && writeFromConfig(*config, options, tokenizer, out, reporter, vocabSize) &&
      tokenizer) {
    if (tokenizer->vocabTokens > vocabSize)
      result.errors.push_back({tokenizer->vocabFile,
                               {},
                               "",
                               "the vocabulary has " + std::to_string(tokenizer->vocabTokens) +
                                   " tokens, more than config.json's vocab_size " +
                                   std::to_string(vocabSize)});
    writeTokenizer(*tokenizer, vocabSize, outDir, out);
  }
  for (Diagnostic& d : reporter.take())
    result.errors.push_back(std::move(d));
  if (!result.errors.empty())
    return result;
  result.yaml = out.text();
  if (!tokenizer->vocabText.empty()) {
    result.vocabText = tokenizer->vocabText;
    result.vocabPath = tokenizer->vocabFile;
  }
  return result;
}

} // namespace bertc
