//===- BertPasses.h - bert dialect passes -----------------------*- C++ -*-===//
#pragma once

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::bert {

#define GEN_PASS_DECL
#include "bert/BertPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "bert/BertPasses.h.inc"

// The passes up to outlined kernels (verify, decompose, fuse, outline). `bertc compile` runs
// them, sets each kernel's bert.row_slack from its kernel kind, then runs bert-plan-buffers.
void buildKernelPipeline(mlir::OpPassManager& pm);
// The whole pipeline (the kernel pipeline, then bert-plan-buffers), as bert-opt's bert-compile.
void buildCompilePipeline(mlir::OpPassManager& pm);
void registerCompilePipeline();

} // namespace mlir::bert
