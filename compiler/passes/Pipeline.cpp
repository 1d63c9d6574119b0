//===- Pipeline.cpp - the compile pipeline --------------------------------===//
#include "bert/BertPasses.h"
#include "mlir/Pass/PassRegistry.h"

namespace mlir::bert {

void buildKernelPipeline(OpPassManager& pm) {
  pm.addPass(createBertVerifyShapes());
  pm.addPass(createBertDecompose());
  // Order matters: [CLS] selection and activations fold into denses, then residual adds into
  // LayerNorms, which leaves the embedding sum in the shape FuseEmbeddings matches.
  pm.addPass(createBertFuseEpilogues());
  pm.addPass(createBertFuseResidualLayerNorm());
  pm.addPass(createBertFuseAttention());
  pm.addPass(createBertFuseEmbeddings());
  pm.addPass(createBertOutlineKernels());
}

void buildCompilePipeline(OpPassManager& pm) {
  buildKernelPipeline(pm);
  pm.addPass(createBertPlanBuffers());
}

void registerCompilePipeline() {
  PassPipelineRegistration<>("bert-compile",
                             "The whole pipeline: verify, decompose, fuse, outline, plan",
                             buildCompilePipeline);
}

} // namespace mlir::bert
