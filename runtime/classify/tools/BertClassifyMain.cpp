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
#include "support/CliText.h"
#include "support/ToolMain.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
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

// Where texts come from: the arguments, else --input, else stdin, one text at a time.
class TextSource {
public:
  TextSource(const Options& opts, std::istream& in) : opts_(opts), reader_(in) {}

  bool next(InputText& text, InputError& error) {
    if (opts_.texts.empty())
      return reader_.next(text, error);
    if (arg_ >= opts_.texts.size())
      return false;
    text = {opts_.texts[arg_], {}, arg_ + 1};
    ++arg_;
    return true;
  }

private:
  const Options& opts_;
  InputReader reader_;
  size_t arg_ = 0;
};

// Prints one line per text of a classified chunk.
void printChunk(const ModelLibrary& lib, bertc_classifier* c, const std::vector<InputText>& texts,
                const std::vector<bertc_head_result>& results,
                const std::vector<float>& probabilities, bool jsonl) {
  const int heads = lib.numHeads(c), total = lib.totalLabels(c);
  for (size_t i = 0; i < texts.size(); ++i) {
    std::vector<HeadOutput> out;
    const float* p = probabilities.data() + i * size_t(total);
    for (int h = 0; h < heads; ++h) {
      const bertc_head_result& r = results[i * size_t(heads) + size_t(h)];
      HeadOutput o{lib.headName(c, h), lib.label(c, h, r.label), r.probability, {}};
      for (int l = 0; l < lib.numLabels(c, h); ++l)
        o.probabilities.emplace_back(lib.label(c, h, l), *p++);
      out.push_back(std::move(o));
    }
    std::cout << (jsonl ? jsonLine(texts[i], out) : tsvLine(texts[i], out)) << "\n";
  }
}

// Classifies one chunk (texts with their lengths: a NUL byte is part of a text) and prints it.
int classifyChunk(const ModelLibrary& lib, bertc_classifier* c, const std::vector<InputText>& texts,
                  bool jsonl) {
  const size_t n = texts.size();
  std::vector<const char*> a(n), b(n);
  std::vector<size_t> lengthsA(n), lengthsB(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = texts[i].a.data();
    lengthsA[i] = texts[i].a.size();
    b[i] = texts[i].b ? texts[i].b->data() : nullptr;
    lengthsB[i] = texts[i].b ? texts[i].b->size() : 0;
  }
  std::vector<bertc_head_result> results(n * size_t(lib.numHeads(c)));
  std::vector<float> probabilities(n * size_t(lib.totalLabels(c)));
  if (lib.classifyWithLengths(c, n, a.data(), lengthsA.data(), b.data(), lengthsB.data(),
                              results.data(), probabilities.data()) != BERTC_OK)
    return fail("line " + std::to_string(texts.front().line), lib.lastError());
  printChunk(lib, c, texts, results, probabilities, jsonl);
  return 0;
}

// Reads `chunk` texts at a time, classifies them and prints their lines, flushed at once: as a
// filter on a pipe, each batch is answered as soon as it is read, not at the end of the input.
int classifyAll(const ModelLibrary& lib, bertc_classifier* c, TextSource& source, size_t chunk,
                bool jsonl, const std::string& inputName, Progress& progress) {
  std::vector<InputText> texts;
  InputError error;
  size_t done = 0;
  for (bool more = true; more;) {
    texts.clear();
    InputText text;
    while (texts.size() < chunk && (more = source.next(text, error)))
      texts.push_back(std::move(text));
    if (!texts.empty()) {
      if (int status = classifyChunk(lib, c, texts, jsonl); status != 0)
        return status;
      if (!bertc::support::flushStdoutOrReport("bert-classify"))
        return 1;
      progress.update(done += texts.size());
    }
    if (!error.message.empty())
      return fail(inputName + ":" + std::to_string(error.line), error.message);
  }
  progress.finish();
  return 0;
}

// Lines in a regular file, for the progress line's total (0 when it cannot be told).
size_t countLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return size_t(
      std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
}

int run(const Options& opts) {
  const bool fromFile = !opts.input.empty() && opts.texts.empty();
  std::ifstream file;
  if (fromFile) {
    file.open(opts.input, std::ios::binary);
    if (!file)
      return fail(opts.input, "cannot open");
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

  const bool showProgress = fromFile && isatty(STDERR_FILENO);
  Progress progress(showProgress ? countLines(opts.input) : 0, showProgress);
  TextSource source(opts, fromFile ? static_cast<std::istream&>(file) : std::cin);
  int status = classifyAll(lib, c, source, chunk, opts.format == "jsonl",
                           fromFile ? opts.input : std::string("<stdin>"), progress);
  lib.free(c);
  return status;
}

int parseAndRun(int argc, char** argv) {
  CLI::App app{"Classifies text with a BERT model compiled by `bertc compile --emit=shared`"};
  Options opts;
  app.add_option("--model", opts.model, "lib<name>.so, or the directory bertc compiled it into")
      ->required();
  app.add_option("--weights", opts.weights,
                 "Weights, Hugging Face names (a .safetensors file, a sharded "
                 "model.safetensors.index.json, a pytorch_model.bin, or a Hugging Face directory "
                 "holding one)")
      ->required();
  app.add_option("--vocab", opts.vocab,
                 "vocab.txt (default: the vocabulary the model's YAML named at compile time)");
  app.add_option("--threads", opts.threads, "Worker threads (default: all cores)")
      ->check(bertc::support::atLeastOne());
  app.add_option("--batch", opts.batch, "Texts per model run (default: the model's max_batch)")
      ->check(bertc::support::atLeastOne());
  app.add_option("--format", opts.format, "Output: tsv (LABEL, PROBABILITY, TEXT) or jsonl")
      ->check(CLI::IsMember({"tsv", "jsonl"}));
  app.add_option("--input", opts.input,
                 "TSV (TEXT or TEXT_A<TAB>TEXT_B; a header may name the sentence, text or "
                 "text_a/text_b columns) or JSON lines ({\"text\": ...})");
  // Texts are taken verbatim (support/CliText.h), so they are not a CLI11 positional.
  app.allow_extras();
  app.footer("TEXT...: texts to classify, exactly as given (after -- when one starts with '-'); "
             "without any, --input, else lines on stdin");
  try {
    app.parse(argc, argv);
    std::string error;
    opts.texts = bertc::support::verbatimArguments(app, error);
    if (!error.empty())
      throw CLI::ExtrasError(error, CLI::ExitCodes::ExtrasError);
    if (!opts.texts.empty() && !opts.input.empty())
      throw CLI::ExcludesError("TEXT", "--input");
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return run(opts);
}

} // namespace

int main(int argc, char** argv) {
  // Out of memory, a stray exception or output that could not be written: status 1.
  return bertc::support::runTool("bert-classify", [&] { return parseAndRun(argc, argv); });
}
