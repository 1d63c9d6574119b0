#include "driver/ImportCommand.h"

#include "frontend/HuggingFaceImport.h"
#include "frontend/ModelParser.h"
#include "support/AtomicFile.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace bertc {
namespace {

int runImport(const ImportOptions& options) {
  // The description's directory is made, as `bertc compile -o` makes its output directory.
  std::error_code ec;
  if (const auto dir = std::filesystem::path(options.output).parent_path(); !dir.empty())
    std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << options.output << ": error: cannot create its directory: " << ec.message() << "\n";
    return 1;
  }
  ImportResult result = importHuggingFace(options);
  for (const Diagnostic& d : result.errors)
    std::cerr << d.str() << "\n";
  if (!result.errors.empty())
    return 1;
  if (!result.vocabPath.empty())
    if (std::string error = support::writeFileAtomically(result.vocabPath, result.vocabText);
        !error.empty()) {
      std::cerr << "error: " << error << "\n";
      return 1;
    }
  if (std::string error = support::writeFileAtomically(options.output, result.yaml);
      !error.empty()) {
    std::cerr << "error: " << error << "\n";
    return 1;
  }
  // What was written must compile as it is: the same parser `bertc compile` uses says so.
  ParseResult parsed = parseModelFile(options.output);
  for (const Diagnostic& d : parsed.errors)
    std::cerr << d.str() << "\n";
  if (!parsed.model) {
    std::cerr << "error: bertc import wrote a description bertc does not accept (a bug: please "
                 "report it with the directory's config.json)\n";
    return 1;
  }
  std::cout << options.output << ": " << parsed.model->name << " from " << options.dir << "\n";
  return 0;
}

} // namespace

void registerImportCommand(CLI::App& app, int* exitCode) {
  auto opts = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Write a model description for a Hugging Face BERT directory (config.json, "
                "vocab.txt or tokenizer.json, tokenizer_config.json)");
  cmd->add_option("dir", opts->dir, "The Hugging Face directory")->required();
  cmd->add_option("-o,--output", opts->output, "The model description to write (YAML)")->required();
  cmd->add_option("--name", opts->name, "The model's name (default: the directory's name)")
      ->check([](const std::string& name) {
        return cIdentifierFrom(name) == name ? "" : "--name must be a C identifier";
      });
  cmd->add_option("--max-seq-len", opts->maxSeqLen,
                  "Longest sequence (default: min(max_position_embeddings, model_max_length, 512))")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-batch", opts->maxBatch, "Most sequences per call (default 8)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--head", opts->head,
                  "binary: one Dense(1) + sigmoid head on the pooled output instead of the "
                  "checkpoint's heads, for `bertc fit` to train")
      ->check(CLI::IsMember({"binary"}));
  cmd->callback([opts, exitCode] { *exitCode = runImport(*opts); });
}

} // namespace bertc
