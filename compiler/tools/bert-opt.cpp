// bert-opt: mlir-opt with the bert dialect and every bertc pass registered. Reads and writes
// the IR textually; used by the lit tests and for poking at a pipeline stage by hand.
#include "bert/BertDialect.h"
#include "bert/BertPasses.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char** argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::bert::BertDialect, mlir::func::FuncDialect>();
  mlir::bert::registerBertPasses();
  mlir::bert::registerCompilePipeline();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "bert-opt: the bert dialect and bertc's passes\n", registry));
}
