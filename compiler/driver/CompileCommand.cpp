#include "driver/CompileCommand.h"

#include "bert/BertPasses.h"
#include "codegen/KernelCompiler.h"
#include "codegen/LibraryBuilder.h"
#include "codegen/Toolchain.h"
#include "codegen/kernels/KernelKind.h"
#include "frontend/ModelParser.h"
#include "import/ModelImporter.h"
#include "manifest/ManifestFromIR.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "support/AtomicFile.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

namespace bertc {
namespace {

struct CompileOptions {
  std::string modelPath;
  std::string outDir;
  std::string emit = "library";
  std::string scheduleFile;
  std::string halideTargets; // comma-separated; empty: defaultHalideTargets()
  std::string precision;     // empty: the YAML's
  bool printIrAfterAll = false;
};

bool writeFile(const std::filesystem::path& path, const std::string& text) {
  if (std::string error = support::writeFileAtomically(path, text); !error.empty()) {
    std::cerr << "error: " << error << "\n";
    return false;
  }
  return true;
}

std::string printIr(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return text;
}

// The default schedule file of each target (schedules/<target>.yaml) and the user's --schedule,
// which replaces the default of its own target.
bool loadSchedules(const CompileOptions& opts, const std::vector<std::string>& targets,
                   ScheduleSet& set) {
  std::vector<Diagnostic> errors;
  for (const std::string& t : targets) {
    std::string path = toolchain().schedulesDir + "/" + t + ".yaml";
    if (!std::filesystem::exists(path))
      continue;
    if (std::optional<ScheduleFile> f = loadScheduleFile(path, errors))
      set.byTarget[t] = *f;
  }
  if (!opts.scheduleFile.empty()) {
    if (std::optional<ScheduleFile> f = loadScheduleFile(opts.scheduleFile, errors)) {
      if (std::find(targets.begin(), targets.end(), f->target) == targets.end()) {
        std::string list;
        for (const std::string& t : targets)
          list += (list.empty() ? "" : ", ") + t;
        errors.push_back(
            {opts.scheduleFile,
             {},
             "target",
             "'" + f->target + "' is not a target this compile builds (" + list + ")"});
      } else {
        set.byTarget[f->target] = *f;
        set.chosenByUser.insert(f->target);
      }
    }
  }
  for (const Diagnostic& d : errors)
    std::cerr << d.str() << "\n";
  return errors.empty();
}

// The schedule every kernel gets on the first (preferred) target, as a schedule file.
ScheduleFile resolvedSchedule(const KernelManifest& manifest, const LibraryOptions& lib,
                              std::vector<std::string>& warnings) {
  ScheduleFile file;
  file.target = lib.halideTargets.front();
  for (const KernelSpec& k : manifest.kernels)
    file.entries.push_back(
        {k.name, k.key, kernelAlgorithmHash(k), lib.schedules.choose(k, file.target, warnings), 0});
  return file;
}

// What the generated description carries beyond the manifest: input bounds, and the heads and
// tokenizer settings the classify API turns text into labels with.
ModelFacts modelFacts(const ModelDescription& model) {
  ModelFacts facts;
  facts.vocabSize = model.encoder.vocabSize;
  facts.typeVocabSize = model.encoder.typeVocabSize;
  facts.maxPositions = model.encoder.maxPositionEmbeddings;
  for (const HeadConfig& h : model.heads)
    facts.heads.push_back({h.name, toString(h.kind), h.labels});
  if (model.tokenizer) {
    // Absolute, so that a library compiled here finds its vocabulary from any directory.
    std::error_code ec;
    std::filesystem::path vocab = std::filesystem::absolute(model.tokenizer->vocabPath, ec);
    facts.vocabPath = (ec ? std::filesystem::path(model.tokenizer->vocabPath) : vocab)
                          .lexically_normal()
                          .string();
    facts.lowercase = model.tokenizer->lowercase;
    facts.stripAccents = model.tokenizer->stripAccents;
    facts.vocabPadded = model.tokenizer->vocabPadded;
  }
  return facts;
}

// The model description of opts.modelPath, if it parses, at --precision when given.
std::optional<ModelDescription> readModel(const CompileOptions& opts) {
  ParseResult parsed = parseModelFile(opts.modelPath);
  for (const Diagnostic& d : parsed.errors)
    std::cerr << d.str() << "\n";
  if (!parsed.model)
    return std::nullopt;
  if (!opts.precision.empty()) // CLI11 checked the word
    parsed.model->precision = *parsePrecision(opts.precision);
  return std::move(parsed.model);
}

// Each outlined kernel's bert.row_slack, from its kernel kind: the one fact the buffer planner
// needs from the Halide side, set on the IR so that bert-plan-buffers and the manifest carry it.
mlir::LogicalResult setRowSlack(mlir::ModuleOp module) {
  for (auto kernel : module.getOps<mlir::func::FuncOp>()) {
    if (!kernel->hasAttr("bert.kernel_key"))
      continue;
    mlir::FailureOr<KernelSpec> spec = describeKernel(kernel);
    if (mlir::failed(spec))
      return mlir::failure();
    if (int slack = rowSlack(*spec))
      kernel->setAttr("bert.row_slack", mlir::Builder(module).getI64IntegerAttr(slack));
  }
  return mlir::success();
}

// Runs the pass pipeline on the imported module and exports its manifest, with the model's facts.
bool lowerToManifest(const CompileOptions& opts, const ModelDescription& model,
                     mlir::MLIRContext& context, mlir::ModuleOp module, KernelManifest& manifest) {
  mlir::PassManager toKernels(&context), planning(&context);
  if (opts.printIrAfterAll) {
    context.disableMultithreading(); // IR printing needs a single thread
    for (mlir::PassManager* pm : {&toKernels, &planning})
      pm->enableIRPrinting([](mlir::Pass*, mlir::Operation*) { return false; },
                           [](mlir::Pass*, mlir::Operation*) { return true; },
                           /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false);
  }
  mlir::bert::buildKernelPipeline(toKernels);
  planning.addPass(mlir::bert::createBertPlanBuffers());
  if (mlir::failed(toKernels.run(module)) || mlir::failed(setRowSlack(module)) ||
      mlir::failed(planning.run(module)) || mlir::failed(exportManifest(module, manifest)))
    return false;
  manifest.facts = modelFacts(model);
  return true;
}

// --emit=library, runner, shared or schedule: the Halide half, from the manifest alone.
int emitFromManifest(const CompileOptions& opts, const KernelManifest& manifest) {
  LibraryOptions lib;
  lib.outDir = opts.outDir;
  lib.sourceYaml = opts.modelPath;
  lib.halideTargets = defaultHalideTargets(modelPrecision(manifest));
  if (!opts.halideTargets.empty()) {
    lib.halideTargets.clear();
    std::stringstream list(opts.halideTargets);
    for (std::string t; std::getline(list, t, ',');) {
      if (!Halide::Target::validate_target_string(t)) {
        std::cerr << "error: --halide-target: '" << t << "' is not a Halide target\n";
        return 2;
      }
      lib.halideTargets.push_back(t);
    }
  }
  if (!loadSchedules(opts, lib.halideTargets, lib.schedules))
    return 1;
  std::vector<std::string> warnings;
  if (opts.emit == "schedule") {
    std::cout << scheduleFileText(resolvedSchedule(manifest, lib, warnings));
  } else {
    lib.runner = opts.emit == "runner";
    lib.shared = opts.emit == "shared";
    std::string error = buildLibrary(manifest, lib, warnings);
    if (!error.empty()) {
      std::cerr << opts.modelPath << ": error: code generation failed: " << error << "\n";
      return 1;
    }
  }
  for (const std::string& w : warnings)
    std::cerr << w << "\n";
  return 0;
}

int runCompile(const CompileOptions& opts) {
  std::optional<ModelDescription> model = readModel(opts);
  if (!model)
    return 1;
  std::error_code ec;
  std::filesystem::create_directories(opts.outDir, ec);
  if (ec) {
    std::cerr << opts.outDir << ": error: cannot create output directory: " << ec.message() << "\n";
    return 1;
  }
  const std::filesystem::path out(opts.outDir);
  mlir::MLIRContext context;
  loadCompilerDialects(context);
  mlir::OwningOpRef<mlir::ModuleOp> module = importModel(context, *model);
  if (opts.emit == "model") {
    std::string ir = printIr(*module);
    std::cout << ir;
    return writeFile(out / (model->name + ".model.mlir"), ir) ? 0 : 1;
  }
  KernelManifest manifest;
  if (!lowerToManifest(opts, *model, context, *module, manifest))
    return 1;
  std::string ir = printIr(*module), json = manifestToJson(manifest);
  if (!writeFile(out / (model->name + ".mlir"), ir) ||
      !writeFile(out / (model->name + ".kernels.json"), json + "\n"))
    return 1;
  if (opts.emit == "kernels" || opts.emit == "mlir") {
    std::cout << (opts.emit == "mlir" ? ir : json + "\n");
    return 0;
  }
  return emitFromManifest(opts, manifest);
}

} // namespace

void registerCompileCommand(CLI::App& app, int* exitCode) {
  auto opts = std::make_shared<CompileOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compile", "Compile a model description: verify, decompose, fuse, outline kernels and plan "
                 "the memory arena; writes OUTDIR/<name>.mlir and OUTDIR/<name>.kernels.json");
  cmd->add_option("model", opts->modelPath, "Model description (YAML)")->required();
  cmd->add_option("-o,--output", opts->outDir, "Output directory (created if missing)")->required();
  cmd->add_option("--emit", opts->emit,
                  "library (default): OUTDIR/lib<name>.a and <name>.h; runner: also "
                  "OUTDIR/<name>-run; shared: also OUTDIR/lib<name>.so (the model, the runtime "
                  "and the classify API, for dlopen and bert-classify); kernels: print the kernel "
                  "manifest (JSON); mlir: print the "
                  "final IR; model: print the model-level IR before any pass; schedule: print the "
                  "schedule file the kernels get on the preferred target")
      ->check(
          CLI::IsMember({"library", "runner", "shared", "kernels", "mlir", "model", "schedule"}));
  cmd->add_option("--halide-target", opts->halideTargets,
                  "Halide targets, best first, comma-separated; the runtime runs the first the CPU "
                  "supports, or BERTC_ISA's (default: AVX-512, AVX2, SSE4.1, with AVX512-VNNI or "
                  "-BF16 first at int8 or bf16; never `host`)");
  cmd->add_option("--precision", opts->precision,
                  "The encoder's dense arithmetic, instead of the YAML's `precision` (f32, bf16, "
                  "int8; the same f32 checkpoint serves all three)")
      ->check(CLI::IsMember({"f32", "bf16", "int8"}));
  cmd->add_option("--schedule", opts->scheduleFile,
                  "Schedule file (YAML, e.g. from bert-tune) for its target; kernels it lacks "
                  "and stale entries use the default schedule, with a warning")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--print-ir-after-all", opts->printIrAfterAll,
                "Print the IR after every pass to stderr");
  cmd->callback([opts, exitCode] { *exitCode = runCompile(*opts); });
}

} // namespace bertc
