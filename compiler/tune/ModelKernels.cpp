#include "tune/ModelKernels.h"

#include "codegen/kernels/KernelKind.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace bertc::tune {
namespace {

namespace fs = std::filesystem;

bool readText(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  text = ss.str();
  return bool(in);
}

// Runs argv with stdout discarded and stderr passed through; its exit status, or -1.
int runQuietly(const std::vector<std::string>& argv) {
  const pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (std::freopen("/dev/null", "w", stdout) == nullptr)
      _exit(127);
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

std::string bertcBeside() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && fs::exists(self.parent_path() / "bertc", ec))
    return (self.parent_path() / "bertc").string();
  return BERTC_BUILD_TREE_BERTC;
}

bool loadManifest(const std::string& model, const std::string& bertc, KernelManifest& manifest,
                  std::string& error) {
  std::string json;
  if (fs::path(model).extension() == ".json") {
    if (!readText(model, json)) {
      error = model + ": error: cannot read the manifest";
      return false;
    }
  } else {
    std::string dir = (fs::temp_directory_path() / "bert-tune-XXXXXX").string();
    if (!mkdtemp(dir.data())) {
      error = "error: cannot create a temporary directory";
      return false;
    }
    const int status = runQuietly({bertc, "compile", model, "-o", dir, "--emit=kernels"});
    bool found = false;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().string().size() > 13 &&
          entry.path().string().rfind(".kernels.json") == entry.path().string().size() - 13)
        found = readText(entry.path().string(), json);
    fs::remove_all(dir, ec);
    if (status != 0 || !found) {
      error = model + ": error: `" + bertc + " compile " + model + " --emit=kernels` failed" +
              (status == 127 ? " (cannot run bertc)" : "");
      return false;
    }
  }
  if (!manifestFromJson(json, manifest, error)) {
    error = model + ": error: " + error;
    return false;
  }
  return true;
}

int64_t lastLevelCacheBytes() {
  for (int name : {_SC_LEVEL4_CACHE_SIZE, _SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE})
    if (const long bytes = sysconf(name); bytes > 0)
      return bytes;
  return int64_t(32) << 20;
}

int64_t weightBytesPerCall(const KernelSpec& kernel) {
  int64_t bytes = 0;
  for (size_t i = 0; i < kernel.operands.size() && i < kernel.operandIsWeight.size(); ++i) {
    if (!kernel.operandIsWeight[i])
      continue;
    int64_t elements = 1;
    for (int64_t d : kernel.operands[i])
      elements *= std::max<int64_t>(d, 1);
    const std::vector<int> formats = weightFormats(kernel, i);
    const bool s8 = std::count(formats.begin(), formats.end(), BERTC_WEIGHT_S8_PANELS) > 0,
               bf16 = std::count(formats.begin(), formats.end(), BERTC_WEIGHT_BF16_PANELS) > 0;
    bytes += elements * (s8 ? 1 : bf16 ? 2 : 4);
  }
  return bytes;
}

int64_t modelWeightBytes(const KernelManifest& manifest) {
  int64_t bytes = 0;
  for (const KernelSpec& k : manifest.kernels)
    bytes += std::max<int64_t>(k.calls, 1) * weightBytesPerCall(k);
  return bytes;
}

std::vector<TuneKernel> tuneKernels(const KernelManifest& manifest, const std::string& target,
                                    int64_t batch, WeightTiming weights, int64_t cacheBytes) {
  const bool cold = weights == WeightTiming::Cold ||
                    (weights == WeightTiming::Auto && 4 * modelWeightBytes(manifest) > cacheBytes);
  std::vector<TuneKernel> out;
  for (const KernelSpec& k : manifest.kernels) {
    TuneKernel t;
    t.spec = k;
    t.algorithm = kernelAlgorithmHash(k);
    bool perSequence = false;
    for (const KernelCall& c : manifest.calls)
      if (c.kernel == k.name && !c.results.empty()) {
        perSequence = c.results[0].maxRows == manifest.maxBatch &&
                      manifest.maxBatch != manifest.maxBatch * manifest.maxSeqLen;
        break;
      }
    const bool perSequenceCall =
        kernelKindOf(k).callingConvention() == CallingConvention::PerSequence;
    const int64_t typical = perSequence       ? batch
                            : perSequenceCall ? manifest.maxSeqLen
                                              : batch * manifest.maxSeqLen;
    if (perSequenceCall)
      t.spec.calls *= batch;
    t.rows = (typical + kRowGranule - 1) / kRowGranule * kRowGranule;
    t.space = searchSpace(k, target);
    t.coldWeights = cold && weightBytesPerCall(k) > 0;
    out.push_back(t);
  }
  return out;
}

} // namespace bertc::tune
