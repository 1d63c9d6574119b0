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

} // namespace bertc
