//===- BertOps.h - bert dialect operations ----------------------*- C++ -*-===//
#pragma once

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

// Generated: the enums and their attributes (BertEnums.td), then the ops that use them.
#include "bert/BertEnums.h.inc"
#define GET_ATTRDEF_CLASSES
#include "bert/BertAttributes.h.inc"
#define GET_OP_CLASSES
#include "bert/BertOps.h.inc"

namespace mlir::bert {

// The activations a layer's hidden_act may name: gelu, gelu_tanh, relu.
bool isHiddenAct(Activation act);

} // namespace mlir::bert
