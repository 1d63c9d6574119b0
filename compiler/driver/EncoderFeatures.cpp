#include "driver/EncoderFeatures.h"

#include "ModelLibrary.h"
#include "codegen/Toolchain.h"
#include "fit/DenseHead.h"
#include "fit/HeadWeights.h"
#include "weights/Checkpoint.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <unistd.h>
#include <vector>

namespace bertc {
namespace {

namespace fs = std::filesystem;

std::string withoutNul(std::string_view text) {
  std::string out(text);
  out.erase(std::remove(out.begin(), out.end(), '\0'), out.end());
  return out;
}

// A directory removed with everything in it when the source is done.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "bertc-fit-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a temporary directory in " +
                               fs::temp_directory_path().string());
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// This very bertc compiles the model: the features come from the code `bertc compile` generates.
void compileShared(const std::string& yaml, const fs::path& outDir) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    throw std::runtime_error("cannot find the bertc executable: " + ec.message());
  const std::string cmd = shellQuote(self.string()) + " compile " + shellQuote(yaml) + " -o " +
                          shellQuote(outDir.string()) + " --emit=shared >&2";
  std::cerr << "compiling " << yaml << " (bertc compile --emit=shared)\n";
  if (std::system(cmd.c_str()) != 0)
    throw std::runtime_error("compiling " + yaml + " for its encoder features failed");
}

class SharedModelFeatures : public fit::FeatureSource {
public:
  SharedModelFeatures(const EncoderFeatureOptions& options, const fit::HeadSpec& head) {
    // Opened first: a wrong weights path should not cost a compilation.
    auto weightsFile = weights::Checkpoint::open(options.weightsPath);
    std::string libPath = options.compiled;
    if (libPath.empty()) {
      compileShared(options.modelYaml, temp_.path / "model");
      libPath = (temp_.path / "model").string();
    }
    if (std::string error = cli::openModelLibrary(libPath, lib_); !error.empty())
      throw std::runtime_error(libPath + ": " + error);
    findPooledOutput();
    if (options.threads > 0)
      lib_.setNumThreads(options.threads);
    const std::string weights = weightsWithHead(*weightsFile, options.weightsPath, head);
    if (lib_.create(lib_.desc, weights.c_str(), nullptr, &classifier_) != BERTC_OK)
      throw std::runtime_error(std::string(lib_.lastError()));
  }
  ~SharedModelFeatures() override {
    if (classifier_)
      lib_.free(classifier_);
  }

  std::int64_t width() const override { return width_; }
  std::int64_t maxBatch() const override { return lib_.desc->max_batch; }

  void pooledOutputs(const fit::TextPair* rows, std::int64_t count, float* out) override {
    // The C ABI takes NUL-terminated strings; the dataset holds views.
    const auto n = static_cast<size_t>(count);
    std::vector<std::string> a(n), b(n);
    std::vector<const char*> pa(n), pb(n);
    bool pairs = false;
    for (size_t i = 0; i < n; ++i) {
      // The tokenizer deletes NUL bytes (as Hugging Face's does); deleting them here keeps a
      // text whole through the C strings classify_output takes, as bert-classify reads it.
      a[i] = withoutNul(rows[i].textA);
      b[i] = withoutNul(rows[i].textB);
      pa[i] = a[i].c_str();
      pb[i] = b[i].empty() ? nullptr : b[i].c_str();
      pairs = pairs || pb[i];
    }
    if (lib_.classifyOutput(classifier_, n, pa.data(), pairs ? pb.data() : nullptr, output_.c_str(),
                            out) != BERTC_OK)
      throw std::runtime_error(std::string(lib_.lastError()));
  }

private:
  // The per-sequence "...pooled_output" the model exposes (one per model).
  void findPooledOutput() {
    const std::string suffix = "pooled_output";
    for (int i = 0; i < lib_.desc->n_outputs; ++i) {
      const bertc_output_desc& o = lib_.desc->outputs[i];
      const std::string name = o.name;
      if (o.rows == BERTC_ROWS_SEQUENCES && name.size() >= suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        output_ = name;
        width_ = o.width;
        return;
      }
    }
    throw std::runtime_error(std::string("model ") + lib_.desc->name + " has no pooled output");
  }

  // The compiled model binds its head's tensors too; a checkpoint without them (encoder only) or
  // with another head (a 2-label classifier when a binary head is fitted) gets a zero head of
  // the right shape, which the features never read, in a temporary copy.
  std::string weightsWithHead(const weights::Checkpoint& file, const std::string& path,
                              const fit::HeadSpec& head) {
    const auto shapeOf = [&](const std::string& name) {
      const weights::TensorEntry* t = file.find(name) ? file.find(name) : file.find("bert." + name);
      return t ? t->shape : std::vector<std::int64_t>{};
    };
    if (shapeOf(head.prefix + ".weight") == std::vector<std::int64_t>{head.numOutputs(), width_} &&
        shapeOf(head.prefix + ".bias") == std::vector<std::int64_t>{head.numOutputs()})
      return path;
    const fs::path filled = temp_.path / "encoder-with-head.safetensors";
    fit::writeHeadWeights(path, head.prefix, fit::DenseHead::zeros(width_, head.numOutputs()),
                          filled.string());
    return filled.string();
  }

  TempDir temp_; // declared first: destroyed after the library that may live in it
  cli::ModelLibrary lib_;
  bertc_classifier* classifier_ = nullptr;
  std::string output_;
  std::int64_t width_ = 0;
};

} // namespace

std::unique_ptr<fit::FeatureSource> openEncoderFeatures(const EncoderFeatureOptions& options,
                                                        const fit::HeadSpec& head) {
  return std::make_unique<SharedModelFeatures>(options, head);
}

} // namespace bertc
