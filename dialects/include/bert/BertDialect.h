//===- BertDialect.h - the bert dialect -------------------------*- C++ -*-===//
#pragma once

#include "bert/BertOpsDialect.h.inc"
#include "mlir/IR/Dialect.h"
