// Builds the model-level `bert` IR for a validated model description.
#pragma once

#include "frontend/ModelDescription.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

namespace bertc {

// Loads the dialects the compiler uses (bert, func) into `context`.
void loadCompilerDialects(mlir::MLIRContext& context);

// One function named after the model, taking the packed inputs
//   (input_ids, token_type_ids, positions: tensor<?xi32> per real token;
//    seq_offsets: tensor<?xi32>, batch + 1 entries)
// and returning each head's outputs, named in the function's `bert.output_names`.
mlir::OwningOpRef<mlir::ModuleOp> importModel(mlir::MLIRContext& context,
                                              const ModelDescription& model);

} // namespace bertc
