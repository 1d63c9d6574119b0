// main() of every `<name>-run`: bertc links it with the model's library and a one-line entry
// returning the model's description, so `bertc compile --emit=runner` only links.
//
//   <name>-run --weights W.safetensors [--threads N] [--sequence-output] [--bench N] INPUT.json
//
// INPUT is {"input_ids": [[...]], "token_type_ids": [[...]], "attention_mask": [[...]]}; rows
// may differ in real length (masks are 1s then 0s; rows are padded here to the longest).
#include "bertc/model.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

extern "C" const bertc_model_desc* bertc_runner_model(void);

namespace {

using Json = nlohmann::ordered_json;

struct Batch {
  int batch = 0, seqLen = 0;
  std::vector<int32_t> ids, types, mask;
};

// Reads one [batch][len] integer field; rows are padded with `pad` to the longest.
bool readRows(const Json& j, const char* key, bool required, std::vector<std::vector<int64_t>>& out,
              std::string& error) {
  if (!j.contains(key)) {
    if (required)
      error = std::string("missing \"") + key + "\"";
    return !required;
  }
  const Json& rows = j[key];
  if (!rows.is_array() || rows.empty()) {
    error = std::string("\"") + key + "\" must be a non-empty array of rows";
    return false;
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].is_array()) {
      error = std::string("\"") + key + "\"[" + std::to_string(r) + "] is not an array";
      return false;
    }
    std::vector<int64_t> row;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (!rows[r][c].is_number_integer()) {
        error = std::string("\"") + key + "\"[" + std::to_string(r) + "][" + std::to_string(c) +
                "] is not an integer";
        return false;
      }
      row.push_back(rows[r][c].get<int64_t>());
    }
    out.push_back(std::move(row));
  }
  return true;
}

bool parseInput(const std::string& path, Batch& batch, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot open";
    return false;
  }
  Json j = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    error = "not a JSON object";
    return false;
  }
  std::vector<std::vector<int64_t>> ids, types, mask;
  if (!readRows(j, "input_ids", true, ids, error) ||
      !readRows(j, "token_type_ids", false, types, error) ||
      !readRows(j, "attention_mask", false, mask, error))
    return false;
  for (auto* other : {&types, &mask}) {
    if (other->empty())
      continue;
    if (other->size() != ids.size()) {
      error = "input_ids, token_type_ids and attention_mask must have the same number of rows";
      return false;
    }
    for (size_t r = 0; r < ids.size(); ++r)
      if ((*other)[r].size() != ids[r].size()) {
        error = "row " + std::to_string(r) +
                ": token_type_ids/attention_mask length differs from "
                "input_ids";
        return false;
      }
  }
  batch.batch = int(ids.size());
  for (const auto& row : ids)
    batch.seqLen = std::max(batch.seqLen, int(row.size()));
  const size_t n = size_t(batch.batch) * size_t(batch.seqLen);
  batch.ids.assign(n, 0);
  batch.types.assign(n, 0);
  batch.mask.assign(n, 0);
  for (size_t r = 0; r < ids.size(); ++r)
    for (size_t c = 0; c < ids[r].size(); ++c) {
      size_t at = r * size_t(batch.seqLen) + c;
      auto clampInt = [](int64_t v) {
        return int32_t(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX));
      };
      batch.ids[at] = clampInt(ids[r][c]);
      batch.types[at] = types.empty() ? 0 : clampInt(types[r][c]);
      batch.mask[at] = mask.empty() ? 1 : clampInt(mask[r][c]);
    }
  return true;
}

Json rowsJson(const std::vector<float>& v, int rows, int64_t width) {
  Json out = Json::array();
  for (int r = 0; r < rows; ++r)
    out.push_back(std::vector<float>(v.begin() + r * width, v.begin() + (r + 1) * width));
  return out;
}

} // namespace

int main(int argc, char** argv) {
  const bertc_model_desc* desc = bertc_runner_model();
  CLI::App app{std::string("Runs the compiled BERT model '") + desc->name + "' on a JSON batch"};
  std::string weightsPath, inputPath;
  int threads = 0, benchRuns = 0;
  bool sequenceOutput = false;
  app.add_option("--weights", weightsPath, "Weights (safetensors, Hugging Face names)")->required();
  app.add_option("--threads", threads, "Worker threads (default: all cores)")
      ->check(CLI::PositiveNumber);
  app.add_flag("--sequence-output", sequenceOutput, "Also print last_hidden_state");
  app.add_option("--bench", benchRuns, "Time N runs after a warm-up; print only the timings")
      ->check(CLI::PositiveNumber);
  app.add_option("input", inputPath, "Input batch (JSON)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  Batch batch;
  std::string error;
  if (!parseInput(inputPath, batch, error)) {
    std::cerr << inputPath << ": error: " << error << "\n";
    return 1;
  }
  if (threads > 0)
    bertc_set_num_threads(threads);
  bertc_model* model = nullptr;
  bertc_context* ctx = nullptr;
  if (bertc_model_load(desc, weightsPath.c_str(), &model) != BERTC_OK ||
      bertc_context_create(model, &ctx) != BERTC_OK) {
    std::cerr << weightsPath << ": error: " << bertc_last_error() << "\n";
    return 1;
  }
  auto runOnce = [&] {
    return bertc_run(ctx, batch.batch, batch.seqLen, batch.ids.data(), batch.types.data(),
                     batch.mask.data());
  };
  if (runOnce() != BERTC_OK) {
    std::cerr << inputPath << ": error: " << bertc_last_error() << "\n";
    return 1;
  }

  if (benchRuns > 0) {
    std::vector<double> ms;
    for (int i = 0; i < benchRuns; ++i) {
      auto start = std::chrono::steady_clock::now();
      runOnce();
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    double median = sorted.size() % 2
                        ? sorted[sorted.size() / 2]
                        : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
    std::cout << Json{{"median_ms", median}, {"min_ms", sorted.front()}, {"runs", benchRuns}}.dump()
              << "\n";
    return 0;
  }

  // Heads' logits and probabilities: top-level arrays for one head, keyed by head otherwise.
  Json logits = Json::object(), probabilities = Json::object(), result = Json::object();
  for (int i = 0; i < desc->n_outputs; ++i) {
    const bertc_output_desc& o = desc->outputs[i];
    std::string name = o.name;
    bool perToken = o.rows == BERTC_ROWS_TOKENS;
    if (name == "last_hidden_state" && !sequenceOutput)
      continue;
    std::vector<float> values(size_t(batch.batch) * (perToken ? size_t(batch.seqLen) : 1) *
                              size_t(o.width));
    bertc_get_output(ctx, o.name, values.data(), values.size());
    Json j;
    if (perToken) {
      j = Json::array();
      for (int b = 0; b < batch.batch; ++b)
        j.push_back(rowsJson(std::vector<float>(values.begin() + b * batch.seqLen * o.width,
                                                values.begin() + (b + 1) * batch.seqLen * o.width),
                             batch.seqLen, o.width));
    } else {
      j = rowsJson(values, batch.batch, o.width);
    }
    size_t dot = name.rfind('.');
    std::string head = dot == std::string::npos ? "" : name.substr(0, dot);
    std::string field = dot == std::string::npos ? name : name.substr(dot + 1);
    if (field == "logits")
      logits[head] = j;
    else if (field == "probabilities")
      probabilities[head] = j;
    else if (!result.contains(field))
      result[field] = j;
  }
  Json out = Json::object();
  if (logits.size() == 1) {
    out["logits"] = logits.begin().value();
    out["probabilities"] = probabilities.begin().value();
  } else if (!logits.empty()) {
    out["logits"] = logits;
    out["probabilities"] = probabilities;
  }
  for (auto& [k, v] : result.items())
    out[k] = v;
  std::cout << out.dump() << "\n";
  bertc_context_free(ctx);
  bertc_model_free(model);
  return 0;
}
