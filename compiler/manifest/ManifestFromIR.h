// Exports a planned module (after bert-plan-buffers) as a KernelManifest.
#pragma once

#include "manifest/KernelManifest.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"

namespace bertc {

// Fails with an error on the module if it has not been outlined and planned.
mlir::LogicalResult exportManifest(mlir::ModuleOp module, KernelManifest& out);

} // namespace bertc
