//===- BertDialect.h - the bert dialect -------------------------*- C++ -*-===//
#pragma once

#include "mlir/IR/Dialect.h"

// Generated; must follow the MLIR headers it builds on.
#include "bert/BertOpsDialect.h.inc"
