#include "driver/InitWeightsCommand.h"

#include "frontend/ModelFigures.h"
#include "frontend/ModelParser.h"
#include "init/WeightInit.h"
#include "weights/SafetensorsWriter.h"

#include <iostream>
#include <memory>

namespace bertc {
namespace {

struct InitWeightsOptions {
  std::string modelPath, outPath, profile = "bert";
  uint64_t seed = 0;
};

int runInitWeights(const InitWeightsOptions& opts) {
  ParseResult parsed = parseModelFile(opts.modelPath);
  if (!parsed.model) {
    for (const Diagnostic& d : parsed.errors)
      std::cerr << d.str() << "\n";
    return 1;
  }
  std::optional<InitProfile> profile = parseInitProfile(opts.profile);
  if (!profile) {
    std::cerr << "error: --profile must be bert or sharp, got '" << opts.profile << "'\n";
    return 2;
  }
  // Every tensor the model reads, tied ones once (Hugging Face checkpoints omit them too).
  std::vector<std::vector<float>> values;
  std::vector<weights::TensorToWrite> tensors;
  for (const TensorSpec& spec : expectedTensors(*parsed.model)) {
    if (!spec.tiedTo.empty())
      continue;
    values.emplace_back(size_t(spec.elements()));
    fillTensor(opts.seed, spec.name, spec.shape, *profile, values.back().data());
    tensors.push_back(weights::TensorToWrite::f32(spec.name, spec.shape, values.back()));
  }
  try {
    weights::writeSafetensors(opts.outPath, tensors);
  } catch (const std::exception& e) {
    std::cerr << opts.outPath << ": error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

} // namespace

void registerInitWeightsCommand(CLI::App& app, int* exitCode) {
  auto opts = std::make_shared<InitWeightsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "init-weights",
      "Write deterministic weights for a model description (safetensors, Hugging Face names): "
      "BERT-style initialization for demos, or `sharp` weights for numeric tests");
  cmd->add_option("model", opts->modelPath, "Model description (YAML)")->required();
  cmd->add_option("--seed", opts->seed, "Generator seed (same seed, same bytes)")->required();
  cmd->add_option("--profile", opts->profile,
                  "bert (std 0.02, zero biases; default) or sharp (large weights that make "
                  "attention peaked; for parity tests)");
  cmd->add_option("-o,--output", opts->outPath, "Output file (.safetensors)")->required();
  cmd->callback([opts, exitCode] { *exitCode = runInitWeights(*opts); });
}

} // namespace bertc
