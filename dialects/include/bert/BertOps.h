//===- BertOps.h - bert dialect operations ----------------------*- C++ -*-===//
#pragma once

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "bert/BertOps.h.inc"

namespace mlir::bert {

// Words the string attributes accept; verifiers and the importer share them.
bool isHiddenAct(llvm::StringRef act);     // gelu, gelu_tanh, relu
bool isDenseEpilogue(llvm::StringRef epi); // none, gelu, gelu_tanh, relu, tanh

} // namespace mlir::bert
