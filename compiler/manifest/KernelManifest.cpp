#include "manifest/KernelManifest.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace bertc {

const KernelSpec* KernelManifest::findKernel(const std::string& name) const {
  for (const KernelSpec& k : kernels)
    if (k.name == name)
      return &k;
  return nullptr;
}

double KernelSpec::attribute(const std::string& attributeName) const {
  auto it = attributes.find(attributeName);
  if (it == attributes.end())
    throw std::out_of_range("kernel " + name + " lacks attribute " + attributeName);
  return it->second;
}

namespace {

template <typename Enum> struct Named {
  Enum value;
  const char* name;
};

const Named<KernelOp> kOps[] = {{KernelOp::Add, "add"},
                                {KernelOp::Dense, "dense"},
                                {KernelOp::FusedEmbeddings, "fused_embeddings"},
                                {KernelOp::Gather, "gather"},
                                {KernelOp::Gelu, "gelu"},
                                {KernelOp::LayerNorm, "layer_norm"},
                                {KernelOp::PackedAttention, "packed_attention"},
                                {KernelOp::Relu, "relu"},
                                {KernelOp::Sigmoid, "sigmoid"},
                                {KernelOp::Softmax, "softmax"},
                                {KernelOp::Tanh, "tanh"}};
const Named<KernelVariant> kVariants[] = {{KernelVariant::Plain, "plain"},
                                          {KernelVariant::FirstRows, "first_rows"},
                                          {KernelVariant::Residual, "residual"}};
const Named<Activation> kActivations[] = {{Activation::None, "none"},
                                          {Activation::Gelu, "gelu"},
                                          {Activation::GeluTanh, "gelu_tanh"},
                                          {Activation::Relu, "relu"},
                                          {Activation::Tanh, "tanh"}};
const Named<KernelPrecision> kPrecisions[] = {{KernelPrecision::F32, "f32"},
                                              {KernelPrecision::BF16, "bf16"},
                                              {KernelPrecision::Int8, "int8"}};

template <typename Enum, size_t N> const char* nameOf(const Named<Enum> (&table)[N], Enum value) {
  for (const Named<Enum>& n : table)
    if (n.value == value)
      return n.name;
  return "?";
}

template <typename Enum, size_t N>
bool valueOf(const Named<Enum> (&table)[N], const std::string& name, Enum& value) {
  for (const Named<Enum>& n : table)
    if (name == n.name) {
      value = n.value;
      return true;
    }
  return false;
}

using Json = nlohmann::ordered_json;

Json argJson(const CallArg& a) {
  switch (a.source) {
  case CallArg::Source::Input:
    return {{"input", a.input}};
  case CallArg::Source::Weight:
    return a.weights.size() == 1 ? Json{{"weight", a.weights[0]}}
                                 : Json{{"weights_concat", a.weights}};
  case CallArg::Source::Buffer:
    break;
  }
  return {{"buffer", {{"offset", a.offset}, {"bytes", a.bytes}}}};
}

Json factsJson(const ModelFacts& f) {
  Json heads = Json::array();
  for (const HeadFacts& h : f.heads)
    heads.push_back({{"name", h.name}, {"kind", h.kind}, {"labels", h.labels}});
  Json tokenizer = nullptr;
  if (!f.vocabPath.empty())
    tokenizer = {{"vocab", f.vocabPath},
                 {"lowercase", f.lowercase},
                 {"strip_accents", f.stripAccents},
                 {"vocab_padded", f.vocabPadded}};
  return {{"vocab_size", f.vocabSize},
          {"type_vocab_size", f.typeVocabSize},
          {"max_positions", f.maxPositions},
          {"heads", heads},
          {"tokenizer", tokenizer}};
}

ModelFacts factsFromJson(const Json& j) {
  ModelFacts f;
  f.vocabSize = j.at("vocab_size").get<int64_t>();
  f.typeVocabSize = j.at("type_vocab_size").get<int64_t>();
  f.maxPositions = j.at("max_positions").get<int64_t>();
  for (const Json& h : j.at("heads"))
    f.heads.push_back({h.at("name").get<std::string>(), h.at("kind").get<std::string>(),
                       h.at("labels").get<std::vector<std::string>>()});
  if (const Json& t = j.at("tokenizer"); !t.is_null()) {
    f.vocabPath = t.at("vocab").get<std::string>();
    f.lowercase = t.at("lowercase").get<bool>();
    f.stripAccents = t.at("strip_accents").get<bool>();
    f.vocabPadded = t.at("vocab_padded").get<bool>();
  }
  return f;
}

// Whole numbers (head counts) as integers, the rest (eps, scale) as they are.
Json attributesJson(const std::map<std::string, double>& attributes) {
  Json j = Json::object();
  for (const auto& [name, value] : attributes) {
    if (std::abs(value) < 0x1p53 && value == std::trunc(value))
      j[name] = int64_t(value);
    else
      j[name] = value;
  }
  return j;
}

} // namespace

const char* kernelOpName(KernelOp op) {
  return nameOf(kOps, op);
}
const char* variantName(KernelVariant variant) {
  return nameOf(kVariants, variant);
}
const char* activationName(Activation activation) {
  return nameOf(kActivations, activation);
}
const char* precisionName(KernelPrecision precision) {
  return nameOf(kPrecisions, precision);
}
bool parsePrecision(const std::string& name, KernelPrecision& precision) {
  return valueOf(kPrecisions, name, precision);
}
bool parseKernelOp(const std::string& name, KernelOp& op) {
  return valueOf(kOps, name, op);
}
bool parseVariant(const std::string& name, KernelVariant& variant) {
  return valueOf(kVariants, name, variant);
}
bool parseActivation(const std::string& name, Activation& activation) {
  return valueOf(kActivations, name, activation);
}

std::string manifestToJson(const KernelManifest& m, int indent) {
  Json j;
  j["model"] = m.model;
  j["max_batch"] = m.maxBatch;
  j["max_seq_len"] = m.maxSeqLen;
  j["inputs"] = m.inputs;
  j["weights"] = Json::array();
  for (const WeightSpec& w : m.weights)
    j["weights"].push_back({{"name", w.name}, {"shape", w.shape}});
  j["kernels"] = Json::array();
  for (const KernelSpec& k : m.kernels) {
    Json weights = Json::array();
    for (size_t i = 0; i < k.operands.size(); ++i)
      if (k.operandIsWeight[i])
        weights.push_back(k.operands[i]);
    j["kernels"].push_back({{"name", k.name},
                            {"key", k.key},
                            {"kind", kernelOpName(k.op)},
                            {"variant", variantName(k.variant)},
                            {"calls", k.calls},
                            {"row_slack", k.rowSlack},
                            {"dtype", k.dtype},
                            {"epilogue", activationName(k.epilogue)},
                            {"precision", precisionName(k.precision)},
                            {"attributes", attributesJson(k.attributes)},
                            {"operands", k.operands},
                            {"weight_operands", weights},
                            {"results", k.results}});
  }
  j["calls"] = Json::array();
  for (const KernelCall& c : m.calls) {
    Json args = Json::array(), results = Json::array();
    for (const CallArg& a : c.args)
      args.push_back(argJson(a));
    for (const CallResult& r : c.results)
      results.push_back(
          {{"offset", r.offset}, {"bytes", r.bytes}, {"max_rows", r.maxRows}, {"width", r.width}});
    j["calls"].push_back({{"kernel", c.kernel}, {"args", args}, {"results", results}});
  }
  j["outputs"] = Json::array();
  for (const ModelOutput& o : m.outputs)
    j["outputs"].push_back(
        {{"name", o.name}, {"offset", o.offset}, {"max_rows", o.maxRows}, {"width", o.width}});
  j["arena_bytes"] = m.arenaBytes;
  j["peak_live_bytes"] = m.peakLiveBytes;
  j["facts"] = factsJson(m.facts);
  return j.dump(indent);
}

namespace {

CallArg argFromJson(const Json& j) {
  CallArg a;
  if (j.contains("input")) {
    a.source = CallArg::Source::Input;
    a.input = j["input"].get<std::string>();
  } else if (j.contains("weight")) {
    a.source = CallArg::Source::Weight;
    a.weights = {j["weight"].get<std::string>()};
  } else if (j.contains("weights_concat")) {
    a.source = CallArg::Source::Weight;
    a.weights = j["weights_concat"].get<std::vector<std::string>>();
  } else {
    a.offset = j.at("buffer").at("offset").get<int64_t>();
    a.bytes = j.at("buffer").at("bytes").get<int64_t>();
  }
  return a;
}

} // namespace

bool manifestFromJson(const std::string& text, KernelManifest& m, std::string& error) {
  try {
    const Json j = Json::parse(text);
    m = KernelManifest{};
    m.model = j.at("model").get<std::string>();
    m.maxBatch = j.at("max_batch").get<int64_t>();
    m.maxSeqLen = j.at("max_seq_len").get<int64_t>();
    m.inputs = j.at("inputs").get<std::vector<std::string>>();
    for (const Json& w : j.at("weights"))
      m.weights.push_back({w.at("name").get<std::string>(), w.at("shape").get<Shape>()});
    for (const Json& k : j.at("kernels")) {
      KernelSpec s;
      s.name = k.at("name").get<std::string>();
      s.key = k.at("key").get<std::string>();
      const std::string op = k.at("kind").get<std::string>(),
                        variant = k.at("variant").get<std::string>(),
                        epilogue = k.at("epilogue").get<std::string>();
      if (!parseKernelOp(op, s.op) || !parseVariant(variant, s.variant) ||
          !parseActivation(epilogue, s.epilogue)) {
        error = "not a kernel manifest of this bertc: kernel " + s.name + " is " + op + " (" +
                variant + ", epilogue " + epilogue + ")";
        return false;
      }
      s.calls = k.at("calls").get<int64_t>();
      s.rowSlack = k.value("row_slack", int64_t(0)); // absent in manifests written before it
      s.dtype = k.at("dtype").get<std::string>();
      // Absent in manifests written before precisions existed: f32.
      if (!parsePrecision(k.value("precision", std::string("f32")), s.precision)) {
        error = "not a kernel manifest of this bertc: kernel " + s.name + " has precision " +
                k.at("precision").dump();
        return false;
      }
      s.attributes = k.at("attributes").get<std::map<std::string, double>>();
      s.operands = k.at("operands").get<std::vector<Shape>>();
      s.results = k.at("results").get<std::vector<Shape>>();
      s.operandIsWeight.assign(s.operands.size(), false);
      m.kernels.push_back(s);
    }
    for (const Json& c : j.at("calls")) {
      KernelCall call;
      call.kernel = c.at("kernel").get<std::string>();
      for (const Json& a : c.at("args"))
        call.args.push_back(argFromJson(a));
      for (const Json& r : c.at("results"))
        call.results.push_back({r.at("offset").get<int64_t>(), r.at("bytes").get<int64_t>(),
                                r.at("max_rows").get<int64_t>(), r.at("width").get<int64_t>()});
      m.calls.push_back(call);
    }
    for (const Json& o : j.at("outputs"))
      m.outputs.push_back({o.at("name").get<std::string>(), o.at("offset").get<int64_t>(),
                           o.at("max_rows").get<int64_t>(), o.at("width").get<int64_t>()});
    m.arenaBytes = j.at("arena_bytes").get<int64_t>();
    m.peakLiveBytes = j.at("peak_live_bytes").get<int64_t>();
    m.facts = factsFromJson(j.at("facts"));
  } catch (const nlohmann::json::exception& e) {
    error = std::string("not a kernel manifest: ") + e.what();
    return false;
  }
  // Weight operands are those some call reads from the weights.
  for (const KernelCall& c : m.calls) {
    for (KernelSpec& k : m.kernels) {
      if (k.name != c.kernel)
        continue;
      for (size_t i = 0; i < c.args.size() && i < k.operandIsWeight.size(); ++i)
        if (c.args[i].source == CallArg::Source::Weight)
          k.operandIsWeight[i] = true;
    }
  }
  return true;
}

} // namespace bertc
