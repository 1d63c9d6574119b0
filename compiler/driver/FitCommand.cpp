#include "driver/FitCommand.h"

#include "Progress.h"
#include "driver/EncoderFeatures.h"
#include "fit/FitJob.h"
#include "frontend/ModelParser.h"

#include <iostream>
#include <memory>
#include <unistd.h>

namespace bertc {
namespace {

struct FitCommandOptions {
  std::string modelPath;
  std::string compiled; // a model already compiled with --emit=shared
  int threads = 0;
  fit::FitOptions fit;
  std::optional<double> dropout; // default: the head's dropout from the YAML
};

// A progress line per dataset while its features are computed, on a terminal only.
class FeatureProgressLine {
public:
  void operator()(const std::string& dataset, std::int64_t done, std::int64_t total) {
    if (!line_ || dataset != dataset_) { // train and dev may even be the same file
      if (line_)
        line_->finish();
      dataset_ = dataset;
      if (enabled_)
        std::cerr << "encoder features of " << dataset << "\n";
      line_ = std::make_unique<cli::Progress>(size_t(total), enabled_);
    }
    line_->update(size_t(done));
    if (done == total) {
      line_->finish();
      line_.reset();
    }
  }

private:
  bool enabled_ = isatty(STDERR_FILENO) != 0;
  std::string dataset_;
  std::unique_ptr<cli::Progress> line_;
};

// The one binary or classes head fit trains, or an error message.
std::optional<fit::HeadSpec> headToTrain(const ModelDescription& model, std::string& error) {
  std::optional<fit::HeadSpec> spec;
  for (const HeadConfig& head : model.heads) {
    if (head.kind != HeadKind::Binary && head.kind != HeadKind::Classes)
      continue;
    if (spec) {
      error = model.sourceFile + ": error: fit trains one head; this model has several binary or "
                                 "classes heads";
      return std::nullopt;
    }
    spec = fit::HeadSpec{head.prefix, head.kind == HeadKind::Binary, head.labels, head.dropout};
  }
  if (!spec)
    error = model.sourceFile + ": error: fit trains a binary or classes head; this model has none";
  return spec;
}

void printProblems(const std::vector<std::string>& problems) {
  constexpr std::size_t kShown = 20; // a wrong file can have a bad row on every line
  for (std::size_t i = 0; i < problems.size() && i < kShown; ++i)
    std::cerr << problems[i] << "\n";
  if (problems.size() > kShown)
    std::cerr << "... and " << problems.size() - kShown << " more bad rows\n";
}

int runBaselinesOnly(const fit::HeadSpec& head, const FitCommandOptions& opts) {
  fit::Dataset train = fit::readDataset(opts.fit.trainPath, head);
  fit::Dataset dev = fit::readDataset(opts.fit.devPath, head);
  fit::printBaselines(fit::computeBaselines(head, train, dev, opts.fit.train.seed), std::cout);
  return 0;
}

int runFitCommand(FitCommandOptions opts) {
  ParseResult parsed = parseModelFile(opts.modelPath);
  if (!parsed.model) {
    for (const Diagnostic& d : parsed.errors)
      std::cerr << d.str() << "\n";
    return 1;
  }
  std::string error;
  std::optional<fit::HeadSpec> head = headToTrain(*parsed.model, error);
  if (!head) {
    std::cerr << error << "\n";
    return 1;
  }
  opts.fit.train.dropout = opts.dropout.value_or(head->dropout);
  const bool baselinesOnly =
      opts.fit.baselines && opts.fit.encoderPath.empty() && opts.fit.outPath.empty();
  if (opts.fit.baselines && opts.fit.devPath.empty()) {
    std::cerr << "error: --baselines needs --dev (they are measured on the dev set)\n";
    return 2;
  }
  if (!baselinesOnly && (opts.fit.encoderPath.empty() || opts.fit.outPath.empty())) {
    std::cerr << "error: fit needs --weights and -o (or only --baselines, with --dev)\n";
    return 2;
  }
  try {
    if (baselinesOnly)
      return runBaselinesOnly(*head, opts);
    std::unique_ptr<fit::FeatureSource> source = openEncoderFeatures(
        {opts.modelPath, opts.compiled, opts.fit.encoderPath, opts.threads}, *head);
    auto progress = std::make_shared<FeatureProgressLine>();
    opts.fit.featureProgress = [progress](const std::string& dataset, std::int64_t done,
                                          std::int64_t total) {
      (*progress)(dataset, done, total);
    };
    fit::runFit(*head, opts.fit, *source, std::cout);
    return 0;
  } catch (const fit::DatasetError& e) {
    printProblems(e.problems()); // each "FILE:LINE: message"
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

} // namespace

void registerFitCommand(CLI::App& app, int* exitCode) {
  auto opts = std::make_shared<FitCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "fit", "Train the model's binary or classes head on the frozen encoder's pooled output "
             "(Adam, Keras defaults); write the encoder weights plus the head");
  fit::FitOptions& f = opts->fit;
  cmd->add_option("model", opts->modelPath, "Model description (YAML)")->required();
  cmd->add_option(
      "--weights", f.encoderPath,
      "Encoder weights (a .safetensors file, a sharded model.safetensors.index.json, a "
      "pytorch_model.bin, or a Hugging Face directory holding one), copied into -o as safetensors");
  cmd->add_option("--train", f.trainPath, "Training examples (TSV with a header)")->required();
  cmd->add_option("--dev", f.devPath, "Dev examples, evaluated after every epoch");
  cmd->add_option("-o,--output", f.outPath, "Output weights: the encoder's plus the trained head");
  cmd->add_option("--epochs", f.train.epochs, "Passes over the training set")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--batch-size", f.train.batchSize, "Examples per Adam step")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t(1), std::int64_t(1) << 30));
  cmd->add_option("--lr", f.train.adam.learningRate, "Adam learning rate")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--dropout", opts->dropout,
                  "Dropout rate on the pooled output during training (default: the head's)")
      ->check(CLI::Range(0.0, 0.999999));
  cmd->add_option("--seed", f.train.seed, "Seed of initialization, shuffling and dropout")
      ->capture_default_str();
  cmd->add_option("--csv", f.csvPath, "Write per-epoch loss and accuracy (CSV)");
  cmd->add_option("--plot", f.plotPath, "Write loss and accuracy curves (SVG)");
  cmd->add_option("--dev-probabilities", f.devProbabilitiesPath,
                  "Write the trained head's probabilities on the dev rows (TSV)");
  cmd->add_option("--compiled", opts->compiled,
                  "Reuse a model compiled with bertc compile --emit=shared (lib<name>.so or its "
                  "directory) instead of compiling MODEL into a temporary directory");
  cmd->add_option("--threads", opts->threads, "Threads for the encoder (default: all cores)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--baselines", f.baselines,
                "Also print the majority-class and bag-of-words logistic regression dev "
                "accuracies; alone (no --weights, -o) print only them");
  cmd->callback([opts, exitCode] { *exitCode = runFitCommand(*opts); });
}

} // namespace bertc
