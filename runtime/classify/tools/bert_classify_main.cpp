// bert-classify: text in, label out, for any model compiled with `bertc compile --emit=shared`.
//
//   bert-classify --model OUT --weights W.safetensors [--vocab VOCAB.txt] [--threads N]
//                 [--batch N] [--format tsv|jsonl] [--input FILE] [TEXT...]
//
// Texts come from the arguments, else --input (TSV or JSON lines, see InputReader.h), else
// stdin. Exit status: 0 ok, 1 bad input, model, weights or vocabulary, 2 usage.
#include "InputReader.h"
#include "ModelLibrary.h"
#include "OutputWriter.h"
#include "Progress.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace bertc::cli;

struct Options {
  std::string model, weights, vocab, format = "tsv", input;
  int threads = 0, batch = 0;
  std::vector<std::string> texts;
};

int fail(const std::string& where, const std::string& message) {
  std::cerr << where << ": error: " << message << "\n";
  return 1;
}

// Classifies `inputs` in chunks of `chunk` texts and prints a line per text.
int classifyAll(const ModelLibrary& lib, bertc_classifier* c, const std::vector<InputText>& inputs,
                size_t chunk, bool jsonl, Progress& progress) {
  const int heads = lib.numHeads(c), total = lib.totalLabels(c);
  std::vector<bertc_head_result> results;
  std::vector<float> probabilities;
  for (size_t begin = 0; begin < inputs.size(); begin += chunk) {
    const size_t end = std::min(inputs.size(), begin + chunk), n = end - begin;
    std::vector<const char*> a, b;
    for (size_t i = begin; i < end; ++i) {
      a.push_back(inputs[i].a.c_str());
      b.push_back(inputs[i].b ? inputs[i].b->c_str() : nullptr);
    }
    results.resize(n * size_t(heads));
    probabilities.resize(n * size_t(total));
    if (lib.classify(c, n, a.data(), b.data(), results.data(), probabilities.data()) != BERTC_OK)
      return fail("line " + std::to_string(inputs[begin].line), lib.lastError());
    for (size_t i = 0; i < n; ++i) {
      std::vector<HeadOutput> out;
      const float* p = probabilities.data() + i * size_t(total);
      for (int h = 0; h < heads; ++h) {
        const bertc_head_result& r = results[i * size_t(heads) + size_t(h)];
        HeadOutput o{lib.headName(c, h), lib.label(c, h, r.label), r.probability, {}};
        for (int l = 0; l < lib.numLabels(c, h); ++l)
          o.probabilities.emplace_back(lib.label(c, h, l), *p++);
        out.push_back(std::move(o));
      }
      std::cout << (jsonl ? jsonLine(inputs[begin + i], out) : tsvLine(inputs[begin + i], out))
                << "\n";
    }
    progress.update(end);
  }
  progress.finish();
  return 0;
}

int run(const Options& opts) {
  std::vector<InputText> inputs;
  const bool fromFile = !opts.input.empty();
  if (!opts.texts.empty()) {
    for (size_t i = 0; i < opts.texts.size(); ++i)
      inputs.push_back({opts.texts[i], {}, i + 1});
  } else {
    std::ifstream file;
    if (fromFile) {
      file.open(opts.input);
      if (!file)
        return fail(opts.input, "cannot open");
    }
    InputError error;
    if (!readInputs(fromFile ? file : std::cin, inputs, error))
      return fail((fromFile ? opts.input : std::string("<stdin>")) + ":" +
                      std::to_string(error.line),
                  error.message);
  }

  ModelLibrary lib;
  if (std::string error = openModelLibrary(opts.model, lib); !error.empty())
    return fail(lib.path.empty() ? opts.model : lib.path, error);
  if (opts.threads > 0)
    lib.setNumThreads(opts.threads);
  bertc_classifier* c = nullptr;
  if (int status = lib.create(lib.desc, opts.weights.c_str(), opts.vocab.c_str(), &c);
      status != BERTC_OK) {
    // Weights and vocabulary messages name their file already.
    if (status == BERTC_ERROR_WEIGHTS || status == BERTC_ERROR_VOCAB)
      std::cerr << "error: " << lib.lastError() << "\n";
    else
      std::cerr << lib.path << ": error: " << lib.lastError() << "\n";
    return 1;
  }
  const int maxBatch = lib.desc->max_batch;
  const size_t chunk = size_t(opts.batch > 0 ? opts.batch : maxBatch);
  lib.setBatchSize(c, std::min(int(chunk), maxBatch));

  Progress progress(inputs.size(), fromFile && isatty(STDERR_FILENO));
  int status = classifyAll(lib, c, inputs, chunk, opts.format == "jsonl", progress);
  lib.free(c);
  return status;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Classifies text with a BERT model compiled by `bertc compile --emit=shared`"};
  Options opts;
  app.add_option("--model", opts.model, "lib<name>.so, or the directory bertc compiled it into")
      ->required();
  app.add_option("--weights", opts.weights, "Weights (safetensors, Hugging Face names)")
      ->required();
  app.add_option("--vocab", opts.vocab,
                 "vocab.txt (default: the vocabulary the model's YAML named at compile time)");
  app.add_option("--threads", opts.threads, "Worker threads (default: all cores)")
      ->check(CLI::PositiveNumber);
  app.add_option("--batch", opts.batch, "Texts per model run (default: the model's max_batch)")
      ->check(CLI::PositiveNumber);
  app.add_option("--format", opts.format, "Output: tsv (LABEL, PROBABILITY, TEXT) or jsonl")
      ->check(CLI::IsMember({"tsv", "jsonl"}));
  auto* input = app.add_option("--input", opts.input,
                               "TSV (TEXT or TEXT_A<TAB>TEXT_B; a header may name the sentence, "
                               "text or text_a/text_b columns) or JSON lines ({\"text\": ...})");
  app.add_option("text", opts.texts, "Texts to classify (default: --input, else lines on stdin)")
      ->excludes(input);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return run(opts);
}
