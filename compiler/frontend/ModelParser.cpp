#include "frontend/ModelParser.h"

#include "frontend/Presets.h"
#include "frontend/VocabSummary.h"
#include "frontend/YamlReader.h"
#include "support/Limits.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <unordered_set>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace bertc {

bool isCKeyword(const std::string& word) {
  static const std::set<std::string> keywords = {
      "auto",     "break",   "case",   "char",     "const",    "continue", "default",   "do",
      "double",   "else",    "enum",   "extern",   "float",    "for",      "goto",      "if",
      "inline",   "int",     "long",   "register", "restrict", "return",   "short",     "signed",
      "sizeof",   "static",  "struct", "switch",   "typedef",  "union",    "unsigned",  "void",
      "volatile", "while",   "bool",   "class",    "delete",   "new",      "namespace", "this",
      "template", "true",    "false",  "try",      "catch",    "throw",    "public",    "private",
      "operator", "virtual", "friend", "using",    "typename", "nullptr",  "constexpr"};
  return keywords.count(word) != 0;
}

namespace {

// Upper bounds on sizes. They are far above any BERT yet trained and keep every derived figure
// (parameters, FLOPs, activation bytes) well inside int64.
constexpr int64_t kMaxVocab = int64_t(1) << 24;
constexpr int64_t kMaxHidden = 32768;
constexpr int64_t kMaxIntermediate = 131072;
constexpr int64_t kMaxLayers = 256;
constexpr int64_t kMaxPositions = 65536;
constexpr int64_t kMaxTypeVocab = 1024;
constexpr int64_t kMaxBatch = 4096;

bool isCIdentifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

const std::vector<std::string> kTopKeys = {"name", "preset", "encoder",   "input",
                                           "head", "heads",  "tokenizer", "precision"};
const std::vector<std::string> kEncoderKeys = {
    "vocab_size",      "hidden_size",       "num_layers",
    "num_heads",       "intermediate_size", "max_position_embeddings",
    "type_vocab_size", "hidden_act",        "layer_norm_eps"};
const std::vector<std::string> kInputKeys = {"max_seq_len", "max_batch"};
const std::vector<std::string> kHeadKeys = {"kind", "name", "labels", "dropout", "prefix"};
const std::vector<std::string> kTokenizerKeys = {"vocab", "lowercase", "strip_accents",
                                                 "vocab_padded"};

class ModelParser {
public:
  ModelParser(std::string fileName, std::string baseDir, const ParseOptions& options)
      : reporter_(std::move(fileName)), values_(reporter_), baseDir_(std::move(baseDir)),
        options_(options) {}

  ParseResult run(const std::string& text, const std::string& fileName) {
    YAML::Node root;
    std::optional<YAML::Mark> secondDocument;
    try {
      root = YAML::Load(text);
      secondDocument = findSecondDocument(text);
    } catch (const YAML::Exception& e) {
      reporter_.error(e.mark, "", "invalid YAML: " + e.msg);
      return finish();
    }
    if (root.IsNull()) {
      reporter_.error(YAML::Mark::null_mark(), "",
                      hasContent(text)
                          ? "invalid YAML: no document could be read (check quotes and brackets)"
                          : "the model description is empty; it needs at least 'name', "
                            "'encoder' or 'preset', 'input' and 'head'");
      return finish();
    }
    if (secondDocument)
      reporter_.error(*secondDocument, "", "expected one YAML document, found more");
    if (!root.IsMap()) {
      reporter_.error(root.Mark(), "",
                      "expected a mapping at the top level, got " + describe(root));
      return finish();
    }
    model_.sourceFile = fileName;
    readRoot(MapView(reporter_, root, "", kTopKeys));
    return finish();
  }

private:
  ParseResult finish() {
    ParseResult result;
    if (reporter_.empty())
      result.model = std::move(model_);
    result.errors = reporter_.take();
    return result;
  }

  void readRoot(const MapView& root) {
    if (!root.has("name")) {
      root.missing("name", "a C identifier that prefixes the generated symbols");
    } else if (std::optional<std::string> name = values_.string(root, "name")) {
      if (!isCIdentifier(*name))
        reporter_.error(root.get("name").Mark(), "name",
                        "'" + *name +
                            "' is not a C identifier (letters, digits and '_', not starting "
                            "with a digit)");
      else if (isCKeyword(*name))
        reporter_.error(root.get("name").Mark(), "name",
                        "'" + *name + "' is a C/C++ keyword; it cannot prefix symbols");
      else
        model_.name = *name;
    }

    if (root.has("precision")) {
      model_.precisionPos = posOf(root.get("precision").Mark());
      if (auto p = values_.word<Precision>(root, "precision", "precision", precisionNames(),
                                           parsePrecision))
        model_.precision = *p;
    }

    bool presetOk = true;
    if (root.has("preset")) {
      presetOk = false;
      if (std::optional<std::string> preset = values_.string(root, "preset")) {
        if (std::optional<EncoderConfig> e = findPreset(*preset)) {
          model_.preset = *preset;
          model_.encoder = *e;
          presetOk = true;
        } else {
          std::string hint = nearestWord(*preset, presetNames());
          reporter_.error(root.get("preset").Mark(), "preset",
                          "unknown preset '" + *preset + "'; " +
                              (hint.empty() ? "expected one of: " + join(presetNames())
                                            : "did you mean '" + hint + "'?"));
        }
      }
    }

    // Cross-checks (max_seq_len against positions, the vocab file against vocab_size) use an
    // encoder value only when it is known to be right, so one mistake is reported once.
    encoderKnown_ = presetOk && root.has("preset");
    if (root.has("encoder")) {
      if (values_.isMap(root, "encoder")) {
        encoderKnown_ = presetOk;
        readEncoder(MapView(reporter_, root.get("encoder"), "encoder", kEncoderKeys),
                    /*fromPreset=*/!model_.preset.empty());
      }
    } else if (!root.has("preset")) {
      root.missing("encoder", "or name a 'preset'");
    }

    if (!root.has("input")) {
      root.missing("input", "max_seq_len and max_batch");
    } else if (values_.isMap(root, "input")) {
      readInput(MapView(reporter_, root.get("input"), "input", kInputKeys));
    }

    readHeads(root);

    if (root.has("tokenizer") && values_.isMap(root, "tokenizer"))
      readTokenizer(MapView(reporter_, root.get("tokenizer"), "tokenizer", kTokenizerKeys));
  }

  bool encoderValueKnown(const std::string& key) const {
    return encoderKnown_ && badEncoderKeys_.count(key) == 0;
  }

  void readEncoder(const MapView& enc, bool fromPreset) {
    EncoderConfig& e = model_.encoder;
    auto size = [&](const char* key, int64_t& field, int64_t max, bool required) {
      if (!enc.has(key)) {
        if (required && !fromPreset) {
          enc.missing(key);
          badEncoderKeys_.insert(key);
        }
        return;
      }
      if (std::optional<int64_t> v = values_.integer(enc, key, 1, max))
        field = *v;
      else
        badEncoderKeys_.insert(key);
    };
    size("vocab_size", e.vocabSize, kMaxVocab, true);
    size("hidden_size", e.hiddenSize, kMaxHidden, true);
    size("num_layers", e.numLayers, kMaxLayers, true);
    size("num_heads", e.numHeads, kMaxHidden, true);
    size("intermediate_size", e.intermediateSize, kMaxIntermediate, true);
    size("max_position_embeddings", e.maxPositionEmbeddings, kMaxPositions, true);
    size("type_vocab_size", e.typeVocabSize, kMaxTypeVocab, false);
    if (enc.has("hidden_act")) {
      if (auto act = values_.word<HiddenAct>(enc, "hidden_act", "activation", hiddenActNames(),
                                             parseHiddenAct))
        e.hiddenAct = *act;
    }
    if (enc.has("layer_norm_eps")) {
      if (auto eps = values_.number(enc, "layer_norm_eps", std::numeric_limits<double>::min(), 1.0,
                                    false, "(0, 1)"))
        e.layerNormEps = *eps;
    }
    if (encoderValueKnown("hidden_size") && encoderValueKnown("num_heads") &&
        e.hiddenSize % e.numHeads != 0) {
      // Point at whichever of the two the file gives, preferring num_heads.
      const char* key = enc.has("num_heads") ? "num_heads" : "hidden_size";
      reporter_.error(enc.get(key).Mark(), childPath("encoder", key),
                      "hidden_size " + std::to_string(e.hiddenSize) +
                          " is not divisible by num_heads " + std::to_string(e.numHeads));
    }
  }

  void readInput(const MapView& in) {
    for (const char* key : {"max_seq_len", "max_batch"})
      if (!in.has(key))
        in.missing(key);
    if (in.has("max_batch"))
      if (auto v = values_.integer(in, "max_batch", 1, kMaxBatch))
        model_.input.maxBatch = *v;
    if (in.has("max_seq_len")) {
      if (auto v = values_.integer(in, "max_seq_len", 1, kMaxPositions)) {
        model_.input.maxSeqLen = *v;
        if (encoderValueKnown("max_position_embeddings") &&
            *v > model_.encoder.maxPositionEmbeddings)
          reporter_.error(in.get("max_seq_len").Mark(), "input.max_seq_len",
                          "max_seq_len " + std::to_string(*v) +
                              " exceeds encoder.max_position_embeddings " +
                              std::to_string(model_.encoder.maxPositionEmbeddings));
      }
    }
  }

  void readHeads(const MapView& root) {
    if (root.has("head") && root.has("heads")) {
      reporter_.error(root.keyMark("heads"), "heads", "give either 'head' or 'heads', not both");
      return;
    }
    if (root.has("head")) {
      if (values_.isMap(root, "head"))
        readHead(MapView(reporter_, root.get("head"), "head", kHeadKeys));
    } else if (root.has("heads")) {
      YAML::Node list = root.get("heads");
      if (!list.IsSequence()) {
        reporter_.error(values_.at(root, "heads"), "heads",
                        "expected a sequence of heads, got " + describe(list));
        return;
      }
      if (list.size() == 0)
        reporter_.error(list.Mark(), "heads", "must list at least one head");
      for (size_t i = 0; i < list.size(); ++i) {
        const std::string path = "heads[" + std::to_string(i) + "]";
        if (!list[i].IsMap())
          reporter_.error(list[i].Mark(), path, "expected a mapping, got " + describe(list[i]));
        else
          readHead(MapView(reporter_, list[i], path, kHeadKeys));
      }
    } else {
      root.missing("head", "or 'heads', a list");
    }
  }

  void readHead(const MapView& h) {
    HeadConfig head;
    if (!h.has("kind")) {
      h.missing("kind", "one of " + join(headKindNames()));
      return;
    }
    auto kind = values_.word<HeadKind>(h, "kind", "head kind", headKindNames(), parseHeadKind);
    if (!kind)
      return;
    head.kind = *kind;
    head.name = toString(head.kind);
    const std::string kindText = "a '" + std::string(toString(head.kind)) + "' head";

    if (h.has("name")) {
      if (auto name = values_.string(h, "name")) {
        if (!isCIdentifier(*name))
          reporter_.error(h.get("name").Mark(), childPath(h.path(), "name"),
                          "'" + *name + "' is not a C identifier");
        head.name = *name;
      }
    }
    for (const HeadConfig& other : model_.heads)
      if (other.name == head.name)
        reporter_.error(
            h.has("name") ? h.get("name").Mark() : h.mark(), childPath(h.path(), "name"),
            "duplicate head name '" + head.name + "'; give each head a distinct 'name'");

    bool classifier = head.kind == HeadKind::Binary || head.kind == HeadKind::Classes;
    if (classifier) {
      head.prefix = "classifier";
      if (h.has("prefix")) {
        if (auto prefix = values_.string(h, "prefix"))
          head.prefix = *prefix;
      }
      for (const HeadConfig& other : model_.heads)
        if (other.prefix == head.prefix)
          reporter_.error(h.has("prefix") ? h.get("prefix").Mark() : h.mark(),
                          childPath(h.path(), "prefix"),
                          "weight prefix '" + head.prefix + "' is already used by head '" +
                              other.name + "'; give this head its own 'prefix'");
    } else if (h.has("prefix")) {
      reporter_.error(h.keyMark("prefix"), childPath(h.path(), "prefix"),
                      "not used by " + kindText + " (only binary and classes heads have one)");
    }

    readLabels(h, head, kindText);

    if (h.has("dropout")) {
      if (auto p = values_.number(h, "dropout", 0.0, 1.0, false, "[0, 1)"))
        head.dropout = *p;
    }
    model_.heads.push_back(std::move(head));
  }

  void readLabels(const MapView& h, HeadConfig& head, const std::string& kindText) {
    const std::string path = childPath(h.path(), "labels");
    bool takesLabels = head.kind == HeadKind::Binary || head.kind == HeadKind::Classes ||
                       head.kind == HeadKind::Nsp;
    if (!h.has("labels")) {
      if (head.kind == HeadKind::Classes)
        h.missing("labels", "a 'classes' head names its classes");
      return;
    }
    if (!takesLabels) {
      reporter_.error(h.keyMark("labels"), path, "not used by " + kindText);
      return;
    }
    YAML::Node list = h.get("labels");
    if (!list.IsSequence()) {
      reporter_.error(values_.at(h, "labels"), path,
                      "expected a sequence of label names, got " + describe(list));
      return;
    }
    if (int64_t(list.size()) > limits::kLabelsPerHead) {
      reporter_.error(list.Mark(), path,
                      std::to_string(list.size()) + " labels; at most " +
                          std::to_string(limits::kLabelsPerHead) + " per head");
      return;
    }
    std::vector<std::string> labels;
    std::unordered_set<std::string> seen; // linear in the number of labels
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string itemPath = path + "[" + std::to_string(i) + "]";
      if (!list[i].IsScalar() || list[i].Scalar().empty()) {
        reporter_.error(list[i].Mark(), itemPath,
                        "expected a label name, got " + describe(list[i]));
        return;
      }
      const std::string& label = list[i].Scalar();
      // Labels reach C strings (the generated description, bertc_classifier_label).
      if (label.find('\0') != std::string::npos)
        reporter_.error(list[i].Mark(), itemPath, "a label cannot contain a NUL character");
      else if (!seen.insert(label).second)
        reporter_.error(list[i].Mark(), itemPath, "duplicate label '" + label + "'");
      labels.push_back(label);
    }
    size_t n = labels.size();
    if (head.kind == HeadKind::Classes && n < 2)
      reporter_.error(list.Mark(), path,
                      "a 'classes' head needs at least 2 labels, got " + std::to_string(n));
    else if (head.kind != HeadKind::Classes && n != 2)
      reporter_.error(list.Mark(), path,
                      kindText + " has exactly 2 labels (" +
                          (head.kind == HeadKind::Binary ? "negative first" : "is-next first") +
                          "), got " + std::to_string(n));
    head.labels = std::move(labels);
  }

  void readTokenizer(const MapView& t) {
    TokenizerConfig tok;
    if (t.has("lowercase"))
      if (auto b = values_.boolean(t, "lowercase"))
        tok.lowercase = *b;
    // As in Hugging Face's BertNormalizer, accents are stripped exactly when lower-casing unless
    // the file says otherwise.
    tok.stripAccents = tok.lowercase;
    if (t.has("strip_accents"))
      if (auto b = values_.boolean(t, "strip_accents"))
        tok.stripAccents = *b;
    if (t.has("vocab_padded"))
      if (auto b = values_.boolean(t, "vocab_padded"))
        tok.vocabPadded = *b;
    if (!t.has("vocab")) {
      t.missing("vocab", "path to a WordPiece vocab.txt");
      return;
    }
    auto path = values_.string(t, "vocab");
    if (!path)
      return;
    std::filesystem::path p(*path);
    tok.vocabPath =
        (p.is_absolute() ? p : std::filesystem::path(baseDir_) / p).lexically_normal().string();
    if (options_.checkReferencedFiles && !checkVocab(t, tok))
      return;
    model_.tokenizer = tok;
  }

  bool checkVocab(const MapView& t, TokenizerConfig& tok) {
    const YAML::Mark mark = t.get("vocab").Mark();
    VocabSummary summary;
    std::string problem = summarizeVocabFile(tok.vocabPath, summary);
    if (!problem.empty()) {
      reporter_.error(mark, "tokenizer.vocab", problem);
      return false;
    }
    bool ok = true;
    const int64_t rows = model_.encoder.vocabSize;
    if (encoderValueKnown("vocab_size") && summary.tokens != rows &&
        !(tok.vocabPadded && summary.tokens < rows)) {
      reporter_.error(mark, "tokenizer.vocab",
                      "has " + std::to_string(summary.tokens) +
                          " tokens but encoder.vocab_size is " + std::to_string(rows) +
                          (summary.tokens < rows && !tok.vocabPadded
                               ? " (if the embedding table is padded past the vocabulary, say "
                                 "so with tokenizer.vocab_padded: true)"
                               : ""));
      ok = false;
    }
    for (auto [token, id] : {std::pair<const char*, int64_t>{"[CLS]", summary.clsId},
                             {"[SEP]", summary.sepId},
                             {"[UNK]", summary.unkId}}) {
      if (id < 0) {
        reporter_.error(mark, "tokenizer.vocab",
                        std::string("has no '") + token + "' token; BERT inputs need it");
        ok = false;
      }
    }
    tok.vocabTokens = summary.tokens;
    tok.clsId = summary.clsId;
    tok.sepId = summary.sepId;
    tok.unkId = summary.unkId;
    tok.padId = summary.padId;
    tok.maskId = summary.maskId;
    return ok;
  }

  Reporter reporter_;
  ValueReader values_;
  std::string baseDir_;
  ParseOptions options_;
  ModelDescription model_;
  bool encoderKnown_ = false;            // a valid preset or an explicit encoder mapping
  std::set<std::string> badEncoderKeys_; // encoder keys missing or invalid
};

} // namespace

// A description is a few kilobytes; yaml-cpp takes seconds and gigabytes on tens of megabytes.
std::optional<Diagnostic> tooLarge(const std::string& fileName, std::uintmax_t bytes) {
  const std::string message = "file is " + std::to_string(bytes) +
                              " bytes; a model description may have " +
                              std::to_string(limits::kModelFileBytes >> 20) + " MiB at most";
  return bytes <= limits::kModelFileBytes ? std::nullopt
                                          : std::optional<Diagnostic>({fileName, {}, "", message});
}

ParseResult parseModelText(const std::string& text, const std::string& fileName,
                           const std::string& baseDir, const ParseOptions& options) {
  if (std::optional<Diagnostic> d = tooLarge(fileName, text.size())) {
    ParseResult result;
    result.errors.push_back(*d);
    return result;
  }
  return ModelParser(fileName, baseDir, options).run(text, fileName);
}

ParseResult parseModelFile(const std::string& path, const ParseOptions& options) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!std::filesystem::is_regular_file(path, ec) || !in) {
    const bool exists = std::filesystem::exists(path, ec);
    ParseResult result;
    result.errors.push_back({path, {}, "", exists ? "not a readable file" : "file not found"});
    return result;
  }
  if (std::optional<Diagnostic> d = tooLarge(path, std::filesystem::file_size(path, ec))) {
    ParseResult result;
    result.errors.push_back(*d);
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string baseDir = std::filesystem::path(path).parent_path().string();
  return parseModelText(text.str(), path, baseDir.empty() ? "." : baseDir, options);
}

} // namespace bertc
