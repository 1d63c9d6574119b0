// Exports a planned module (after bert-plan-buffers) as a KernelManifest.
#pragma once

#include "manifest/KernelManifest.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"

namespace bertc {

// The kernel an outlined function (bert-outline-kernels) holds: its one op, typed, with its
// bert.row_slack when set. Fails with an error on an op no kernel kind computes, or an attribute
// the manifest cannot carry.
mlir::FailureOr<KernelSpec> describeKernel(mlir::func::FuncOp kernel);

// Fails with an error on the module if it has not been outlined and planned.
mlir::LogicalResult exportManifest(mlir::ModuleOp module, KernelManifest& out);

} // namespace bertc
