#include "tokenizer/TokenizerJson.h"

#include "tokenizer/TokenizerError.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bertc::tokenizer {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& message) {
  throw TokenizerError("tokenizer.json: " + message);
}

const json& member(const json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key))
    fail(where + " has no \"" + key + "\"");
  return object.at(key);
}

template <class T> T getOr(const json& object, const char* key, T fallback) {
  if (!object.contains(key) || object.at(key).is_null())
    return fallback;
  return object.at(key).get<T>();
}

void readModel(const json& model, std::vector<std::pair<std::string, TokenId>>& entries,
               WordPieceOptions& options) {
  const std::string type = getOr<std::string>(model, "type", "WordPiece");
  if (type != "WordPiece")
    fail("model.type is \"" + type + "\"; only WordPiece is supported");
  const json& vocab = member(model, "vocab", "model");
  if (!vocab.is_object())
    fail("model.vocab must be an object of token: id");
  for (const auto& [token, id] : vocab.items())
    entries.emplace_back(token, id.get<TokenId>());
  options.unkToken = getOr<std::string>(model, "unk_token", options.unkToken);
  options.continuingSubwordPrefix =
      getOr<std::string>(model, "continuing_subword_prefix", options.continuingSubwordPrefix);
  options.maxInputCharsPerWord =
      getOr<std::size_t>(model, "max_input_chars_per_word", options.maxInputCharsPerWord);
}

void readNormalizer(const json& normalizer, BertNormalizerOptions& options) {
  if (normalizer.is_null()) { // no normalizer at all
    options.cleanText = options.handleChineseChars = options.lowercase = false;
    options.stripAccents = false;
    return;
  }
  const std::string type = getOr<std::string>(normalizer, "type", "");
  if (type != "BertNormalizer")
    fail("normalizer.type is \"" + type + "\"; only BertNormalizer is supported");
  options.cleanText = getOr<bool>(normalizer, "clean_text", true);
  options.handleChineseChars = getOr<bool>(normalizer, "handle_chinese_chars", true);
  options.lowercase = getOr<bool>(normalizer, "lowercase", true);
  if (normalizer.contains("strip_accents") && !normalizer.at("strip_accents").is_null())
    options.stripAccents = normalizer.at("strip_accents").get<bool>();
  else
    options.stripAccents.reset();
}

// The special token names of a BERT-shaped TemplateProcessing: [CLS] $A [SEP] (and $B [SEP]).
void readPostProcessor(const json& processor, BertTokenizerConfig& config) {
  if (processor.is_null())
    return;
  const std::string type = getOr<std::string>(processor, "type", "");
  if (type == "BertProcessing") {
    config.sepToken = member(processor, "sep", "post_processor").at(0).get<std::string>();
    config.clsToken = member(processor, "cls", "post_processor").at(0).get<std::string>();
    return;
  }
  if (type != "TemplateProcessing")
    fail("post_processor.type is \"" + type + "\"; expected TemplateProcessing or BertProcessing");
  auto shape = [](const json& items) {
    std::string text;
    for (const json& item : items) {
      if (item.contains("SpecialToken"))
        text += "S:" + item.at("SpecialToken").at("id").get<std::string>() + ":" +
                std::to_string(item.at("SpecialToken").at("type_id").get<int>()) + " ";
      else
        text += item.at("Sequence").at("id").get<std::string>() + ":" +
                std::to_string(item.at("Sequence").at("type_id").get<int>()) + " ";
    }
    return text;
  };
  const json& single = member(processor, "single", "post_processor");
  if (!single.is_array() || single.size() != 3 || !single.at(0).contains("SpecialToken") ||
      !single.at(2).contains("SpecialToken"))
    fail("post_processor.single must be [CLS] $A [SEP]");
  config.clsToken = single.at(0).at("SpecialToken").at("id").get<std::string>();
  config.sepToken = single.at(2).at("SpecialToken").at("id").get<std::string>();
  const std::string cls = "S:" + config.clsToken, sep = "S:" + config.sepToken;
  if (shape(single) != cls + ":0 A:0 " + sep + ":0 ")
    fail("post_processor.single is not \"[CLS]:0 $A:0 [SEP]:0\"");
  if (processor.contains("pair") &&
      shape(processor.at("pair")) != cls + ":0 A:0 " + sep + ":0 B:1 " + sep + ":1 ")
    fail("post_processor.pair is not \"[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1\"");
}

void readAddedTokens(const json& added, const std::vector<std::pair<std::string, TokenId>>& vocab,
                     BertTokenizerConfig& config) {
  config.specialTokens.clear();
  if (added.is_null())
    return;
  for (const json& token : added) {
    const std::string content = member(token, "content", "added_tokens[]").get<std::string>();
    const TokenId id = member(token, "id", "added_tokens[]").get<TokenId>();
    for (const char* flag : {"single_word", "lstrip", "rstrip", "normalized"})
      if (getOr<bool>(token, flag, false))
        fail("added token '" + content + "' sets " + flag + ", which is not supported");
    bool inVocab = false;
    for (const auto& [vocabToken, vocabId] : vocab)
      inVocab = inVocab || (vocabToken == content && vocabId == id);
    if (!inVocab)
      fail("added token '" + content + "' (id " + std::to_string(id) +
           ") is not in the WordPiece vocabulary with that id");
    config.specialTokens.push_back(content);
  }
}

void readTruncationAndPadding(const json& root, BertTokenizerConfig& config) {
  if (root.contains("truncation") && !root.at("truncation").is_null()) {
    const json& truncation = root.at("truncation");
    if (getOr<std::string>(truncation, "strategy", "LongestFirst") != "LongestFirst" ||
        getOr<std::string>(truncation, "direction", "Right") != "Right" ||
        getOr<std::size_t>(truncation, "stride", 0) != 0)
      fail("truncation: only LongestFirst, Right, stride 0 is supported");
    config.truncation.maxLength = member(truncation, "max_length", "truncation").get<std::size_t>();
    if (config.truncation.maxLength == 0)
      fail("truncation.max_length must be positive");
  }
  if (root.contains("padding") && !root.at("padding").is_null()) {
    const json& padding = root.at("padding");
    if (getOr<std::string>(padding, "direction", "Right") != "Right")
      fail("padding: only direction Right is supported");
    if (getOr<std::size_t>(padding, "pad_to_multiple_of", 0) > 1)
      fail("padding.pad_to_multiple_of is not supported");
    const json& strategy = member(padding, "strategy", "padding");
    if (strategy.is_string() && strategy.get<std::string>() == "BatchLongest") {
      config.padding.strategy = PaddingOptions::Strategy::BatchLongest;
    } else if (strategy.is_object() && strategy.contains("Fixed")) {
      config.padding.strategy = PaddingOptions::Strategy::Fixed;
      config.padding.length = strategy.at("Fixed").get<std::size_t>();
    } else {
      fail("padding.strategy must be \"BatchLongest\" or {\"Fixed\": N}");
    }
    config.padding.padId = getOr<TokenId>(padding, "pad_id", 0);
    config.padding.padTypeId = getOr<std::uint32_t>(padding, "pad_type_id", 0);
    config.padding.padToken = getOr<std::string>(padding, "pad_token", "[PAD]");
  }
}

} // namespace

BertTokenizer loadTokenizerJson(std::string_view jsonText) {
  json root;
  try {
    root = json::parse(jsonText.begin(), jsonText.end());
  } catch (const json::exception& e) {
    fail(std::string("not valid JSON: ") + e.what());
  }
  try {
    std::vector<std::pair<std::string, TokenId>> entries;
    BertTokenizerConfig config;
    readModel(member(root, "model", "the root"), entries, config.wordpiece);
    readNormalizer(root.contains("normalizer") ? root.at("normalizer") : json(), config.normalizer);
    const json preTokenizer = root.contains("pre_tokenizer") ? root.at("pre_tokenizer") : json();
    if (getOr<std::string>(preTokenizer, "type", "") != "BertPreTokenizer")
      fail("pre_tokenizer must be BertPreTokenizer");
    readPostProcessor(root.contains("post_processor") ? root.at("post_processor") : json(), config);
    readAddedTokens(root.contains("added_tokens") ? root.at("added_tokens") : json(), entries,
                    config);
    readTruncationAndPadding(root, config);
    return BertTokenizer(Vocab::fromEntries(std::move(entries)), std::move(config));
  } catch (const json::exception& e) {
    fail(std::string("unexpected structure: ") + e.what());
  }
}

BertTokenizer loadTokenizerJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw TokenizerError("cannot open tokenizer file '" + path + "'");
  std::ostringstream contents;
  contents << in.rdbuf();
  return loadTokenizerJson(contents.str());
}

} // namespace bertc::tokenizer
