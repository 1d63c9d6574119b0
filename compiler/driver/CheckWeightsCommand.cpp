#include "driver/CheckWeightsCommand.h"

#include "frontend/ModelFigures.h"
#include "frontend/ModelParser.h"
#include "weights/WeightSet.h"
#include "weights/WeightsError.h"

#include <iostream>
#include <memory>

namespace bertc {
namespace {

struct CheckWeightsOptions {
  std::string modelPath, weightsPath;
};

int runCheckWeights(const CheckWeightsOptions& opts) {
  ParseResult parsed = parseModelFile(opts.modelPath);
  if (!parsed.model) {
    for (const Diagnostic& d : parsed.errors)
      std::cerr << d.str() << "\n";
    return 1;
  }
  std::vector<weights::ExpectedTensor> expected;
  for (const TensorSpec& t : expectedTensors(*parsed.model))
    expected.push_back({t.name, t.shape, t.tiedTo});
  try {
    weights::WeightSet set = weights::WeightSet::load(opts.weightsPath, expected);
    for (const std::string& w : set.warnings())
      std::cerr << opts.weightsPath << ": warning: " << w << "\n";
    // The runtime refuses these at load (bertc_model_load); say so before anyone ships them.
    if (std::vector<std::string> bad = set.nonFiniteTensors(); !bad.empty()) {
      for (const std::string& problem : bad)
        std::cerr << "error: " << problem << "\n";
      return 1;
    }
    std::cout << opts.weightsPath << ": " << expected.size() << " tensors match " << opts.modelPath
              << " (" << set.mappedBytes() << " bytes in the checkpoint, " << set.ownedBytes()
              << " converted)\n";
    return 0;
  } catch (const weights::WeightsError& e) {
    for (const std::string& problem : e.problems()) // each names the file and the tensor
      std::cerr << "error: " << problem << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << opts.weightsPath << ": error: " << e.what() << "\n";
    return 1;
  }
}

} // namespace

void registerCheckWeightsCommand(CLI::App& app, int* exitCode) {
  auto opts = std::make_shared<CheckWeightsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check-weights", "Check that a checkpoint holds every tensor a model description "
                       "needs, by Hugging Face name, with the right shape and dtype");
  cmd->add_option("model", opts->modelPath, "Model description (YAML)")->required();
  cmd->add_option("weights", opts->weightsPath,
                  "Weights (a .safetensors file, a sharded model.safetensors.index.json, a "
                  "pytorch_model.bin, or a Hugging Face directory holding one)")
      ->required();
  cmd->callback([opts, exitCode] { *exitCode = runCheckWeights(*opts); });
}

} // namespace bertc
