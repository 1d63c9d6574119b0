#include "manifest/KernelManifest.h"

#include <nlohmann/json.hpp>

namespace bertc {

const KernelSpec* KernelManifest::findKernel(const std::string& name) const {
  for (const KernelSpec& k : kernels)
    if (k.name == name)
      return &k;
  return nullptr;
}

namespace {

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

} // namespace

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
                            {"kind", k.kind},
                            {"calls", k.calls},
                            {"dtype", k.dtype},
                            {"epilogue", k.epilogue},
                            {"attributes", k.attributes},
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
      s.kind = k.at("kind").get<std::string>();
      s.calls = k.at("calls").get<int64_t>();
      s.dtype = k.at("dtype").get<std::string>();
      s.epilogue = k.at("epilogue").get<std::string>();
      s.attributes = k.at("attributes").get<std::map<std::string, std::string>>();
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
