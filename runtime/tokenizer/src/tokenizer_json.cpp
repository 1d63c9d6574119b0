#include "tokenizer/tokenizer_json.h"

#include "tokenizer/error.h"

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

template <class T> T get_or(const json& object, const char* key, T fallback) {
  if (!object.contains(key) || object.at(key).is_null())
    return fallback;
  return object.at(key).get<T>();
}

void read_model(const json& model, std::vector<std::pair<std::string, TokenId>>& entries,
                WordPieceOptions& options) {
  const std::string type = get_or<std::string>(model, "type", "WordPiece");
  if (type != "WordPiece")
    fail("model.type is \"" + type + "\"; only WordPiece is supported");
  const json& vocab = member(model, "vocab", "model");
  if (!vocab.is_object())
    fail("model.vocab must be an object of token: id");
  for (const auto& [token, id] : vocab.items())
    entries.emplace_back(token, id.get<TokenId>());
  options.unk_token = get_or<std::string>(model, "unk_token", options.unk_token);
  options.continuing_subword_prefix =
      get_or<std::string>(model, "continuing_subword_prefix", options.continuing_subword_prefix);
  options.max_input_chars_per_word =
      get_or<std::size_t>(model, "max_input_chars_per_word", options.max_input_chars_per_word);
}

void read_normalizer(const json& normalizer, BertNormalizerOptions& options) {
  if (normalizer.is_null()) { // no normalizer at all
    options.clean_text = options.handle_chinese_chars = options.lowercase = false;
    options.strip_accents = false;
    return;
  }
  const std::string type = get_or<std::string>(normalizer, "type", "");
  if (type != "BertNormalizer")
    fail("normalizer.type is \"" + type + "\"; only BertNormalizer is supported");
  options.clean_text = get_or<bool>(normalizer, "clean_text", true);
  options.handle_chinese_chars = get_or<bool>(normalizer, "handle_chinese_chars", true);
  options.lowercase = get_or<bool>(normalizer, "lowercase", true);
  if (normalizer.contains("strip_accents") && !normalizer.at("strip_accents").is_null())
    options.strip_accents = normalizer.at("strip_accents").get<bool>();
  else
    options.strip_accents.reset();
}

// The special token names of a BERT-shaped TemplateProcessing: [CLS] $A [SEP] (and $B [SEP]).
void read_post_processor(const json& processor, BertTokenizerConfig& config) {
  if (processor.is_null())
    return;
  const std::string type = get_or<std::string>(processor, "type", "");
  if (type == "BertProcessing") {
    config.sep_token = member(processor, "sep", "post_processor").at(0).get<std::string>();
    config.cls_token = member(processor, "cls", "post_processor").at(0).get<std::string>();
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
  config.cls_token = single.at(0).at("SpecialToken").at("id").get<std::string>();
  config.sep_token = single.at(2).at("SpecialToken").at("id").get<std::string>();
  const std::string cls = "S:" + config.cls_token, sep = "S:" + config.sep_token;
  if (shape(single) != cls + ":0 A:0 " + sep + ":0 ")
    fail("post_processor.single is not \"[CLS]:0 $A:0 [SEP]:0\"");
  if (processor.contains("pair") &&
      shape(processor.at("pair")) != cls + ":0 A:0 " + sep + ":0 B:1 " + sep + ":1 ")
    fail("post_processor.pair is not \"[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1\"");
}

void read_added_tokens(const json& added, const std::vector<std::pair<std::string, TokenId>>& vocab,
                       BertTokenizerConfig& config) {
  config.special_tokens.clear();
  if (added.is_null())
    return;
  for (const json& token : added) {
    const std::string content = member(token, "content", "added_tokens[]").get<std::string>();
    const TokenId id = member(token, "id", "added_tokens[]").get<TokenId>();
    for (const char* flag : {"single_word", "lstrip", "rstrip", "normalized"})
      if (get_or<bool>(token, flag, false))
        fail("added token '" + content + "' sets " + flag + ", which is not supported");
    bool in_vocab = false;
    for (const auto& [vocab_token, vocab_id] : vocab)
      in_vocab = in_vocab || (vocab_token == content && vocab_id == id);
    if (!in_vocab)
      fail("added token '" + content + "' (id " + std::to_string(id) +
           ") is not in the WordPiece vocabulary with that id");
    config.special_tokens.push_back(content);
  }
}

void read_truncation_and_padding(const json& root, BertTokenizerConfig& config) {
  if (root.contains("truncation") && !root.at("truncation").is_null()) {
    const json& truncation = root.at("truncation");
    if (get_or<std::string>(truncation, "strategy", "LongestFirst") != "LongestFirst" ||
        get_or<std::string>(truncation, "direction", "Right") != "Right" ||
        get_or<std::size_t>(truncation, "stride", 0) != 0)
      fail("truncation: only LongestFirst, Right, stride 0 is supported");
    config.truncation.max_length =
        member(truncation, "max_length", "truncation").get<std::size_t>();
    if (config.truncation.max_length == 0)
      fail("truncation.max_length must be positive");
  }
  if (root.contains("padding") && !root.at("padding").is_null()) {
    const json& padding = root.at("padding");
    if (get_or<std::string>(padding, "direction", "Right") != "Right")
      fail("padding: only direction Right is supported");
    if (get_or<std::size_t>(padding, "pad_to_multiple_of", 0) > 1)
      fail("padding.pad_to_multiple_of is not supported");
    const json& strategy = member(padding, "strategy", "padding");
    if (strategy.is_string() && strategy.get<std::string>() == "BatchLongest") {
      config.padding.strategy = PaddingOptions::Strategy::kBatchLongest;
    } else if (strategy.is_object() && strategy.contains("Fixed")) {
      config.padding.strategy = PaddingOptions::Strategy::kFixed;
      config.padding.length = strategy.at("Fixed").get<std::size_t>();
    } else {
      fail("padding.strategy must be \"BatchLongest\" or {\"Fixed\": N}");
    }
    config.padding.pad_id = get_or<TokenId>(padding, "pad_id", 0);
    config.padding.pad_type_id = get_or<std::uint32_t>(padding, "pad_type_id", 0);
    config.padding.pad_token = get_or<std::string>(padding, "pad_token", "[PAD]");
  }
}

} // namespace

BertTokenizer load_tokenizer_json(std::string_view json_text) {
  json root;
  try {
    root = json::parse(json_text.begin(), json_text.end());
  } catch (const json::exception& e) {
    fail(std::string("not valid JSON: ") + e.what());
  }
  try {
    std::vector<std::pair<std::string, TokenId>> entries;
    BertTokenizerConfig config;
    read_model(member(root, "model", "the root"), entries, config.wordpiece);
    read_normalizer(root.contains("normalizer") ? root.at("normalizer") : json(),
                    config.normalizer);
    const json pre_tokenizer = root.contains("pre_tokenizer") ? root.at("pre_tokenizer") : json();
    if (get_or<std::string>(pre_tokenizer, "type", "") != "BertPreTokenizer")
      fail("pre_tokenizer must be BertPreTokenizer");
    read_post_processor(root.contains("post_processor") ? root.at("post_processor") : json(),
                        config);
    read_added_tokens(root.contains("added_tokens") ? root.at("added_tokens") : json(), entries,
                      config);
    read_truncation_and_padding(root, config);
    return BertTokenizer(Vocab::from_entries(std::move(entries)), std::move(config));
  } catch (const json::exception& e) {
    fail(std::string("unexpected structure: ") + e.what());
  }
}

BertTokenizer load_tokenizer_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw TokenizerError("cannot open tokenizer file '" + path + "'");
  std::ostringstream contents;
  contents << in.rdbuf();
  return load_tokenizer_json(contents.str());
}

} // namespace bertc::tokenizer
