#include "driver/CompileCommand.h"

#include "bert/BertPasses.h"
#include "codegen/KernelCompiler.h"
#include "codegen/LibraryBuilder.h"
#include "frontend/ModelParser.h"
#include "import/ModelImporter.h"
#include "manifest/ManifestFromIR.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/raw_ostream.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace bertc {
namespace {

struct CompileOptions {
  std::string modelPath;
  std::string outDir;
  std::string emit = "library";
  bool printIrAfterAll = false;
};

bool writeFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << path.string() << ": error: cannot write\n";
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

int runCompile(const CompileOptions& opts) {
  ParseResult parsed = parseModelFile(opts.modelPath);
  if (!parsed.model) {
    for (const Diagnostic& d : parsed.errors)
      std::cerr << d.str() << "\n";
    return 1;
  }
  const ModelDescription& model = *parsed.model;
  if (model.precision != Precision::F32) {
    Diagnostic d{opts.modelPath, model.precisionPos, "precision",
                 std::string(toString(model.precision)) +
                     " is not implemented yet; only f32 compiles today"};
    std::cerr << d.str() << "\n";
    return 1;
  }

  std::error_code ec;
  std::filesystem::create_directories(opts.outDir, ec);
  if (ec) {
    std::cerr << opts.outDir << ": error: cannot create output directory: " << ec.message() << "\n";
    return 1;
  }

  mlir::MLIRContext context;
  loadCompilerDialects(context);
  mlir::OwningOpRef<mlir::ModuleOp> module = importModel(context, model);
  if (opts.emit == "model") {
    std::string ir = printIr(*module);
    std::cout << ir;
    return writeFile(std::filesystem::path(opts.outDir) / (model.name + ".model.mlir"), ir) ? 0 : 1;
  }

  mlir::PassManager pm(&context);
  if (opts.printIrAfterAll) {
    context.disableMultithreading(); // IR printing needs a single thread
    pm.enableIRPrinting([](mlir::Pass*, mlir::Operation*) { return false; },
                        [](mlir::Pass*, mlir::Operation*) { return true; },
                        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false);
  }
  mlir::bert::buildCompilePipeline(pm);
  if (mlir::failed(pm.run(*module)))
    return 1;

  KernelManifest manifest;
  if (mlir::failed(exportManifest(*module, manifest)))
    return 1;
  const std::filesystem::path out(opts.outDir);
  std::string ir = printIr(*module), json = manifestToJson(manifest);
  if (!writeFile(out / (model.name + ".mlir"), ir) ||
      !writeFile(out / (model.name + ".kernels.json"), json + "\n"))
    return 1;
  if (opts.emit == "library" || opts.emit == "runner") {
    LibraryOptions lib;
    lib.outDir = opts.outDir;
    lib.sourceYaml = opts.modelPath;
    lib.halideTargets = defaultHalideTargets();
    lib.runner = opts.emit == "runner";
    ModelFacts facts{model.encoder.vocabSize, model.encoder.typeVocabSize,
                     model.encoder.maxPositionEmbeddings};
    std::string error = buildLibrary(manifest, facts, lib);
    if (!error.empty()) {
      std::cerr << opts.modelPath << ": error: code generation failed: " << error << "\n";
      return 1;
    }
    return 0;
  }
  std::cout << (opts.emit == "mlir" ? ir : json + "\n");
  return 0;
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
                  "OUTDIR/<name>-run; kernels: print the kernel manifest (JSON); mlir: print the "
                  "final IR; model: print the model-level IR before any pass")
      ->check(CLI::IsMember({"library", "runner", "kernels", "mlir", "model"}));
  cmd->add_flag("--print-ir-after-all", opts->printIrAfterAll,
                "Print the IR after every pass to stderr");
  cmd->callback([opts, exitCode] { *exitCode = runCompile(*opts); });
}

} // namespace bertc
