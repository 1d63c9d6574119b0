#include "frontend/HuggingFaceImport.h"

#include "frontend/ModelParser.h"
#include "frontend/VocabSummary.h"
#include "frontend/YamlReader.h"
#include "support/Limits.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bertc {
namespace fs = std::filesystem;

namespace {

// A JSON file read as YAML (JSON is YAML's flow style), so that every value carries its line and
// column for errors.
struct JsonFile {
  std::string path;
  YAML::Node root;
};

std::optional<JsonFile> readJson(const fs::path& path, Reporter& reporter) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size > limits::kModelFileBytes) {
    reporter.error(YAML::Mark(), "",
                   ec ? "cannot read: " + ec.message() : "larger than the 4 MiB bertc reads");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  // JSON's own grammar first (YAML would accept more), then YAML for the positions.
  try {
    const nlohmann::json parsed = nlohmann::json::parse(text.str());
    static_cast<void>(parsed);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string before = text.str().substr(0, e.byte > 0 ? e.byte - 1 : 0);
    YAML::Mark mark;
    mark.line = int(std::count(before.begin(), before.end(), '\n'));
    mark.column = int(before.size() - (before.rfind('\n') + 1));
    reporter.error(mark, "", "not valid JSON: " + std::string(e.what()));
    return std::nullopt;
  }
  try {
    JsonFile file{path.string(), YAML::Load(text.str())};
    if (!file.root.IsMap()) {
      reporter.error(file.root.Mark(), "", "expected a JSON object, got " + describe(file.root));
      return std::nullopt;
    }
    return file;
  } catch (const YAML::Exception& e) {
    reporter.error(e.mark, "", "not valid JSON: " + e.msg);
    return std::nullopt;
  }
}

// A scalar for the description: plain when YAML reads it back as the same string, else quoted.
std::string yamlQuoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

// The shortest text that reads back as `v` (1e-12, not 9.9999999999999998e-13).
std::string shortestText(double v) {
  for (int digits = 1;; ++digits) {
    std::ostringstream os;
    os.precision(digits);
    os << v;
    if (std::strtod(os.str().c_str(), nullptr) == v || digits == 17)
      return os.str();
  }
}

// The description being written: lines of YAML, each value with where it came from.
class DescriptionWriter {
public:
  void line(const std::string& text, const std::string& origin = "") {
    text_ += text;
    if (!origin.empty())
      text_ += std::string(text.size() < 40 ? 40 - text.size() : 1, ' ') + "# " + origin;
    text_ += "\n";
  }
  const std::string& text() const { return text_; }

private:
  std::string text_;
};

// The values of config.json bertc reads, with the error reporter of that file.
class ConfigReader {
public:
  ConfigReader(Reporter& reporter, const JsonFile& file, const std::vector<std::string>& keys)
      : reporter_(reporter), map_(reporter, file.root, "", keys, MapView::Keys::Json),
        values_(reporter) {}

  const MapView& map() const { return map_; }
  bool has(const std::string& key) const { return map_.has(key); }
  std::optional<int64_t> integer(const std::string& key, int64_t min, int64_t max) {
    return values_.integer(map_, key, min, max);
  }
  std::optional<double> number(const std::string& key, double min, double max) {
    return values_.number(map_, key, min, max, false,
                          "[" + formatNumber(min) + ", " + formatNumber(max) + ")");
  }
  std::optional<bool> boolean(const std::string& key) { return values_.boolean(map_, key); }
  std::optional<std::string> string(const std::string& key) { return values_.string(map_, key); }
  void error(const std::string& key, const std::string& message) {
    reporter_.error(map_.keyMark(key), key, message);
  }

private:
  static std::string formatNumber(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
  }

  Reporter& reporter_;
  MapView map_;
  ValueReader values_;
};

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

struct TokenizerSettings {
  std::string vocabFile; // absolute
  std::string vocabText; // set when taken from tokenizer.json
  int64_t vocabTokens = 0;
  bool lowercase = true;
  std::optional<bool> stripAccents; // absent: follows lowercase
  std::optional<int64_t> modelMaxLength;
  std::string origin; // where the settings came from
};

// tokenizer.json's WordPiece vocabulary (id order) and BertNormalizer settings.
void readTokenizerJson(const fs::path& path, TokenizerSettings& t, Reporter& reporter) {
  std::ifstream in(path, std::ios::binary);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  const nlohmann::json* model = j.is_object() && j.contains("model") ? &j["model"] : nullptr;
  if (!model || !model->is_object() || model->value("type", "") != "WordPiece" ||
      !model->contains("vocab") || !(*model)["vocab"].is_object()) {
    reporter.error(YAML::Mark(), "model",
                   "not a WordPiece tokenizer.json (model.type WordPiece "
                   "with model.vocab)");
    return;
  }
  std::vector<std::string> tokens((*model)["vocab"].size());
  for (auto& [token, id] : (*model)["vocab"].items()) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 ||
        id.get<int64_t>() >= int64_t(tokens.size()) || !tokens[id.get<size_t>()].empty() ||
        token.empty() || token.find('\n') != std::string::npos) {
      reporter.error(YAML::Mark(), "model.vocab",
                     "token ids must be 0 .. N-1, each once, and "
                     "tokens non-empty single lines; '" +
                         token + "' is not");
      return;
    }
    tokens[id.get<size_t>()] = token;
  }
  for (const std::string& token : tokens)
    t.vocabText += token + "\n";
  t.vocabTokens = int64_t(tokens.size());
  if (const auto& norm = j["normalizer"]; norm.is_object()) {
    t.lowercase = norm.value("lowercase", true);
    if (norm.contains("strip_accents") && norm["strip_accents"].is_boolean())
      t.stripAccents = norm["strip_accents"].get<bool>();
    if (!norm.value("handle_chinese_chars", true))
      reporter.error(YAML::Mark(), "normalizer.handle_chinese_chars",
                     "false is not implemented by bertc's tokenizer");
  }
}

// tokenizer_config.json, when present, overrides what the vocabulary's source said.
void readTokenizerConfig(const fs::path& path, TokenizerSettings& t, Reporter& reporter) {
  std::optional<JsonFile> file = readJson(path, reporter);
  if (!file)
    return;
  ConfigReader config(
      reporter, *file,
      {"do_lower_case", "strip_accents", "tokenize_chinese_chars", "model_max_length"});
  if (config.has("do_lower_case"))
    t.lowercase = config.boolean("do_lower_case").value_or(true);
  if (config.has("strip_accents"))
    t.stripAccents = config.boolean("strip_accents");
  if (config.has("tokenize_chinese_chars") &&
      !config.boolean("tokenize_chinese_chars").value_or(true))
    config.error("tokenize_chinese_chars", "false is not implemented by bertc's tokenizer");
  // Hugging Face writes 1e30 for "no limit".
  if (config.has("model_max_length"))
    if (std::optional<double> n = config.number("model_max_length", 1, 1e31); n && *n < 1e9)
      t.modelMaxLength = int64_t(*n);
}

std::optional<TokenizerSettings> readTokenizer(const fs::path& dir, const fs::path& outDir,
                                               const std::string& name,
                                               std::vector<Diagnostic>& errors) {
  TokenizerSettings t;
  if (fs::exists(dir / "vocab.txt")) {
    t.vocabFile = fs::absolute(dir / "vocab.txt").string();
    VocabSummary summary;
    if (std::string why = summarizeVocabFile(t.vocabFile, summary); !why.empty()) {
      errors.push_back({t.vocabFile, {}, "", why});
      return std::nullopt;
    }
    t.vocabTokens = summary.tokens;
    t.origin = "vocab.txt";
  } else if (fs::exists(dir / "tokenizer.json")) {
    Reporter reporter((dir / "tokenizer.json").string());
    readTokenizerJson(dir / "tokenizer.json", t, reporter);
    if (!reporter.empty()) {
      for (Diagnostic& d : reporter.take())
        errors.push_back(std::move(d));
      return std::nullopt;
    }
    t.vocabFile = fs::absolute(outDir / (name + ".vocab.txt")).string();
    t.origin = "tokenizer.json's WordPiece vocabulary, written beside this file";
  } else {
    errors.push_back({dir.string(), {}, "", "holds neither vocab.txt nor tokenizer.json"});
    return std::nullopt;
  }
  if (fs::exists(dir / "tokenizer_config.json")) {
    Reporter reporter((dir / "tokenizer_config.json").string());
    readTokenizerConfig(dir / "tokenizer_config.json", t, reporter);
    for (Diagnostic& d : reporter.take())
      errors.push_back(std::move(d));
  }
  return t;
}

void writeTokenizer(const TokenizerSettings& t, int64_t vocabSize, const fs::path& outDir,
                    DescriptionWriter& out) {
  // Relative to the description (so the two can move together) unless the absolute path is
  // shorter, as when they share no directory but the root.
  std::error_code ec;
  std::string vocab = fs::relative(t.vocabFile, fs::absolute(outDir), ec).string();
  if (ec || vocab.empty() || vocab.size() > t.vocabFile.size())
    vocab = t.vocabFile;
  out.line("tokenizer:");
  out.line("  vocab: " + yamlQuoted(vocab), t.origin);
  out.line(std::string("  lowercase: ") + (t.lowercase ? "true" : "false"),
           "tokenizer_config.json do_lower_case, or Hugging Face's default");
  if (t.stripAccents)
    out.line(std::string("  strip_accents: ") + (*t.stripAccents ? "true" : "false"),
             "tokenizer_config.json strip_accents");
  if (t.vocabTokens < vocabSize)
    out.line("  vocab_padded: true", "the vocabulary has " + std::to_string(t.vocabTokens) +
                                         " tokens, the embedding table " +
                                         std::to_string(vocabSize) + " rows");
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
  const fs::path dir(options.dir), outDir = fs::path(options.output).parent_path();
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
