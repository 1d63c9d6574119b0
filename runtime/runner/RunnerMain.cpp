// main() of every `<name>-run`: bertc links it with the model's library and a one-line entry
// returning the model's description, so `bertc compile --emit=runner` only links.
//
//   <name>-run --weights W.safetensors [--threads N] [--sequence-output] [--bench N]
//              [--copy-weights] [--allow-nonfinite-weights] INPUT.json
//
// INPUT (`-`: stdin) is {"input_ids": [[...]], "token_type_ids": [[...]], "attention_mask":
// [[...]]}; rows may differ in real length (masks are 1s then 0s; rows are padded here to the
// longest).
#include "RunnerInput.h"
#include "bertc/model.h"
#include "support/CliText.h"
#include "support/ToolMain.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" const bertc_model_desc* bertc_runner_model(void);

namespace {

using Json = nlohmann::ordered_json;

using bertc::runner::Batch;

Json rowsJson(const std::vector<float>& v, int rows, int64_t width) {
  Json out = Json::array();
  for (int r = 0; r < rows; ++r)
    out.push_back(std::vector<float>(v.begin() + r * width, v.begin() + (r + 1) * width));
  return out;
}

struct Options {
  std::string weightsPath, inputPath;
  int threads = 0, benchRuns = 0;
  bool sequenceOutput = false, copyWeights = false, allowNonFinite = false;
};

// Parses the command line; -1 to go on, else the exit status.
int parseOptions(int argc, char** argv, const bertc_model_desc* desc, Options& opts) {
  CLI::App app{std::string("Runs the compiled BERT model '") + desc->name + "' on a JSON batch"};
  app.add_option("--weights", opts.weightsPath,
                 "Weights, Hugging Face names (a .safetensors file, a sharded "
                 "model.safetensors.index.json, a pytorch_model.bin, or a Hugging Face directory "
                 "holding one)")
      ->required();
  app.add_option("--threads", opts.threads, "Worker threads (default: all cores)")
      ->check(bertc::support::atLeastOne());
  app.add_flag("--sequence-output", opts.sequenceOutput, "Also print last_hidden_state");
  app.add_option("--bench", opts.benchRuns, "Time N runs after a warm-up; print only the timings")
      ->check(bertc::support::atLeastOne());
  app.add_flag("--copy-weights", opts.copyWeights,
               "Read the weights into memory instead of mapping the file (for files replaced "
               "or rewritten in place while the model runs)");
  app.add_flag("--allow-nonfinite-weights", opts.allowNonFinite,
               "Load weights holding NaN or infinity (refused by default; a NaN output is "
               "still an error)");
  app.add_option("input", opts.inputPath, "Input batch (JSON; - for stdin)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return -1;
}

// --bench: times N runs; every run must succeed.
int bench(bertc_context* ctx, const Batch& batch, int runs, const std::string& inputPath) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (bertc_run(ctx, batch.batch, batch.seqLen, batch.ids.data(), batch.types.data(),
                  batch.mask.data()) != BERTC_OK) {
      std::cerr << inputPath << ": error: " << bertc_last_error() << "\n";
      return 1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  double median =
      ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  std::cout << Json{{"median_ms", median},
                    {"min_ms", ms.front()},
                    {"runs", runs},
                    {"isa", bertc_model_isa(bertc_context_model(ctx))}}
                   .dump()
            << "\n";
  return 0;
}

// One output as JSON: [batch][width], or [batch][seq_len][width] per token.
Json outputJson(const bertc_context* ctx, const bertc_output_desc& o, const Batch& batch) {
  const bool perToken = o.rows == BERTC_ROWS_TOKENS;
  std::vector<float> values(size_t(batch.batch) * (perToken ? size_t(batch.seqLen) : 1) *
                            size_t(o.width));
  if (bertc_get_output(ctx, o.name, values.data(), values.size()) != BERTC_OK)
    throw std::runtime_error(bertc_last_error());
  if (!perToken)
    return rowsJson(values, batch.batch, o.width);
  Json j = Json::array();
  for (int b = 0; b < batch.batch; ++b)
    j.push_back(rowsJson(std::vector<float>(values.begin() + b * batch.seqLen * o.width,
                                            values.begin() + (b + 1) * batch.seqLen * o.width),
                         batch.seqLen, o.width));
  return j;
}

// Heads' logits and probabilities: top-level arrays for one head, keyed by head otherwise.
Json resultJson(const bertc_context* ctx, const bertc_model_desc* desc, const Batch& batch,
                bool sequenceOutput) {
  Json logits = Json::object(), probabilities = Json::object(), result = Json::object();
  for (int i = 0; i < desc->n_outputs; ++i) {
    const bertc_output_desc& o = desc->outputs[i];
    std::string name = o.name;
    if (name == "last_hidden_state" && !sequenceOutput)
      continue;
    Json j = outputJson(ctx, o, batch);
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
  return out;
}

int run(int argc, char** argv) {
  const bertc_model_desc* desc = bertc_runner_model();
  Options opts;
  if (int status = parseOptions(argc, argv, desc, opts); status >= 0)
    return status;
  Batch batch;
  std::string text, error;
  if (!bertc::runner::readInputText(opts.inputPath, text, error) ||
      !bertc::runner::parseBatch(text, batch, error)) {
    std::cerr << (opts.inputPath == "-" ? "<stdin>" : opts.inputPath) << ": error: " << error
              << "\n";
    return 1;
  }
  if (opts.threads > 0)
    bertc_set_num_threads(opts.threads);
  const int flags = (opts.copyWeights ? BERTC_LOAD_COPY : 0) |
                    (opts.allowNonFinite ? BERTC_LOAD_ALLOW_NONFINITE : 0);
  std::unique_ptr<bertc_model, decltype(&bertc_model_free)> model(nullptr, bertc_model_free);
  std::unique_ptr<bertc_context, decltype(&bertc_context_free)> ctx(nullptr, bertc_context_free);
  bertc_model* m = nullptr;
  bertc_context* c = nullptr;
  if (bertc_model_load_with_flags(desc, opts.weightsPath.c_str(), flags, &m) != BERTC_OK) {
    std::cerr << "error: " << bertc_last_error() << "\n"; // the message names the file
    return 1;
  }
  model.reset(m);
  if (bertc_context_create(m, &c) != BERTC_OK) {
    std::cerr << "error: " << bertc_last_error() << "\n";
    return 1;
  }
  ctx.reset(c);
  if (bertc_run(c, batch.batch, batch.seqLen, batch.ids.data(), batch.types.data(),
                batch.mask.data()) != BERTC_OK) {
    std::cerr << (opts.inputPath == "-" ? "<stdin>" : opts.inputPath)
              << ": error: " << bertc_last_error() << "\n";
    return 1;
  }
  if (opts.benchRuns > 0)
    return bench(c, batch, opts.benchRuns, opts.inputPath);
  std::cout << resultJson(c, desc, batch, opts.sequenceOutput).dump() << "\n";
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  // Out of memory, a stray exception or output that could not be written: status 1.
  return bertc::support::runTool(std::string(bertc_runner_model()->name) + "-run",
                                 [&] { return run(argc, argv); });
}
