// bertc: compiles BERT classifiers described in YAML into native code.
// Exit status: 0 success, 1 invalid input (diagnostics on stderr), 2 usage error.
#include "driver/CheckWeightsCommand.h"
#include "driver/CompileCommand.h"
#include "driver/FitCommand.h"
#include "driver/ImportCommand.h"
#include "driver/InitWeightsCommand.h"
#include "driver/InspectCommand.h"
#include "support/ToolMain.h"

#include <CLI/CLI.hpp>
#include <csignal>

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f), a write must fail with an error bertc reports (EFBIG),
  // not kill bertc or the archiver and linker it runs (they inherit this).
  std::signal(SIGXFSZ, SIG_IGN);
  return bertc::support::runTool("bertc", [&] {
    CLI::App app{"bertc: an ahead-of-time compiler for BERT text classifiers"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "bertc " BERTC_VERSION);
    int exitCode = 0;
    bertc::registerImportCommand(app, &exitCode);
    bertc::registerInspectCommand(app, &exitCode);
    bertc::registerCompileCommand(app, &exitCode);
    bertc::registerInitWeightsCommand(app, &exitCode);
    bertc::registerCheckWeightsCommand(app, &exitCode);
    bertc::registerFitCommand(app, &exitCode);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      // CLI11 prints help/version for the "successful" exceptions and returns 0 for them.
      return app.exit(e) == 0 ? 0 : 2;
    }
    return exitCode;
  });
}
