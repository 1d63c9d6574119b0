//===- BertDialect.h - the bert dialect -------------------------*- C++ -*-===//
#pragma once

#include "mlir/IR/Dialect.h"

#include "bert/BertOpsDialect.h.inc"
