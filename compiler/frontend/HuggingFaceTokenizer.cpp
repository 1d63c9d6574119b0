#include "frontend/HuggingFaceTokenizer.h"

#include "frontend/VocabSummary.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace bertc::hf {
namespace {

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

} // namespace

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

} // namespace bertc::hf
