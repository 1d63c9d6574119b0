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

// The whole compile pipeline, in order, as `bertc compile` runs it.
void buildCompilePipeline(mlir::OpPassManager& pm);
void registerCompilePipeline();

} // namespace mlir::bert
