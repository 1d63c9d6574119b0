// bert-fill-mask: the most probable tokens at each [MASK] of a text, from a model with an mlm
// head compiled with `bertc compile --emit=shared` (bertc_fill_mask of bertc/classify.h).
//
//   bert-fill-mask --model OUT --weights W [--vocab V] [--top-k 5] [--threads N] TEXT...
//
// One JSON line per text: {"text": ..., "masks": [[{"token", "id", "probability"}, ...], ...]},
// one list per [MASK], most probable first.
#include "ModelLibrary.h"
#include "support/CliText.h"
#include "support/ToolMain.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using bertc::cli::ModelLibrary;

struct Options {
  std::string model, weights, vocab;
  int topK = 5, threads = 0;
  std::vector<std::string> texts;
};

int fail(const std::string& where, const std::string& message) {
  std::cerr << where << ": error: " << message << "\n";
  return 1;
}

// The text's line: each [MASK]'s candidates.
int fillOne(const ModelLibrary& lib, bertc_classifier* c, const std::string& text, int topK) {
  size_t masks = 0;
  std::vector<bertc_mask_candidate> found(64 * size_t(topK)); // grown below if there are more
  for (;;) {
    if (lib.fillMask(c, text.c_str(), topK, found.data(), found.size(), &masks) != BERTC_OK)
      return fail(lib.path, lib.lastError());
    if (masks * size_t(topK) <= found.size())
      break;
    found.resize(masks * size_t(topK));
  }
  nlohmann::ordered_json line = {{"text", text}, {"masks", nlohmann::json::array()}};
  const size_t perMask = std::min<size_t>(size_t(topK), size_t(lib.desc->vocab_size));
  for (size_t m = 0; m < masks; ++m) {
    nlohmann::ordered_json candidates = nlohmann::json::array();
    for (size_t i = m * perMask; i < (m + 1) * perMask; ++i)
      candidates.push_back(
          {{"token", found[i].token}, {"id", found[i].id}, {"probability", found[i].probability}});
    line["masks"].push_back(candidates);
  }
  std::cout << line.dump() << "\n";
  return 0;
}

int run(const Options& opts) {
  ModelLibrary lib;
  if (std::string error = bertc::cli::openModelLibrary(opts.model, lib); !error.empty())
    return fail(lib.path.empty() ? opts.model : lib.path, error);
  if (opts.threads > 0)
    lib.setNumThreads(opts.threads);
  bertc_classifier* c = nullptr;
  if (lib.create(lib.desc, opts.weights.c_str(), opts.vocab.c_str(), &c) != BERTC_OK)
    return fail(lib.path, lib.lastError());
  int status = 0;
  for (const std::string& text : opts.texts)
    if ((status = fillOne(lib, c, text, opts.topK)) != 0)
      break;
  lib.free(c);
  return status;
}

int parseAndRun(int argc, char** argv) {
  CLI::App app{"Fills each [MASK] of a text with the most probable tokens of a model's mlm head "
               "(a model compiled by `bertc compile --emit=shared`)"};
  Options opts;
  app.add_option("--model", opts.model, "lib<name>.so, or the directory bertc compiled it into")
      ->required();
  app.add_option("--weights", opts.weights,
                 "Weights (a .safetensors file, a sharded model.safetensors.index.json, a "
                 "pytorch_model.bin, or a Hugging Face directory holding one)")
      ->required();
  app.add_option("--vocab", opts.vocab, "vocab.txt (default: the one the model's YAML named)");
  app.add_option("--top-k", opts.topK, "Candidates per [MASK] (default 5)")
      ->check(bertc::support::atLeastOne());
  app.add_option("--threads", opts.threads, "Worker threads (default: all cores)")
      ->check(bertc::support::atLeastOne());
  app.allow_extras(); // texts verbatim (support/CliText.h)
  app.footer("TEXT...: texts holding [MASK] tokens, exactly as given (after -- when one starts "
             "with '-')");
  try {
    app.parse(argc, argv);
    std::string error;
    opts.texts = bertc::support::verbatimArguments(app, error);
    if (!error.empty())
      throw CLI::ExtrasError(error, CLI::ExitCodes::ExtrasError);
    if (opts.texts.empty())
      throw CLI::RequiredError("TEXT");
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return run(opts);
}

} // namespace

int main(int argc, char** argv) {
  return bertc::support::runTool("bert-fill-mask", [&] { return parseAndRun(argc, argv); });
}
