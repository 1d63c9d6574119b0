// Turns a manifest into OUTDIR/lib<name>.a (kernels, their Halide runtime, the model description
// and the bertc runtime) and OUTDIR/<name>.h, and optionally OUTDIR/<name>-run or
// OUTDIR/lib<name>.so.
#pragma once

#include "codegen/KernelCompiler.h"
#include "codegen/ModelSourceWriter.h"
#include "manifest/KernelManifest.h"

#include <string>
#include <vector>

namespace bertc {

struct LibraryOptions {
  std::string outDir;
  std::string sourceYaml;
  std::vector<std::string> halideTargets;
  ScheduleSet schedules;
  bool runner = false; // also link OUTDIR/<name>-run
  // Also link OUTDIR/lib<name>.so: the archive plus the classify API and tokenizer, exporting
  // only the C ABI (bertc_*) and BERTC_SHARED_MODEL_ENTRY.
  bool shared = false;
};

// Returns "" on success, else what failed. Schedule warnings go to `warnings`.
std::string buildLibrary(const KernelManifest& manifest, const LibraryOptions& options,
                         std::vector<std::string>& warnings);

} // namespace bertc
