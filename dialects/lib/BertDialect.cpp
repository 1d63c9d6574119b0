//===- BertDialect.cpp - the bert dialect ---------------------------------===//
#include "bert/BertDialect.h"

#include "bert/BertOps.h"

using namespace mlir;
using namespace mlir::bert;

#include "bert/BertOpsDialect.cpp.inc"

void BertDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "bert/BertOps.cpp.inc"
      >();
}
