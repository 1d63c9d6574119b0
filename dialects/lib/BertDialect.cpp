//===- BertDialect.cpp - the bert dialect ---------------------------------===//
#include "bert/BertDialect.h"

#include "bert/BertOps.h"
#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::bert;

#include "bert/BertEnums.cpp.inc"
#include "bert/BertOpsDialect.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "bert/BertAttributes.cpp.inc"

void BertDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "bert/BertAttributes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "bert/BertOps.cpp.inc"
      >();
}

namespace {

// A bert.* attribute of the kind it must be, or an error naming it.
LogicalResult expectInteger(Operation* op, NamedAttribute attr, int64_t min) {
  auto value = dyn_cast<IntegerAttr>(attr.getValue());
  if (!value || value.getInt() < min)
    return op->emitError() << attr.getName().strref() << " must be an integer of at least " << min;
  return success();
}

LogicalResult expectPerResult(Operation* op, NamedAttribute attr) {
  auto values = dyn_cast<DenseI64ArrayAttr>(attr.getValue());
  if (!values || values.size() != int64_t(op->getNumResults()))
    return op->emitError() << attr.getName().strref()
                           << " must be an array<i64> with one entry per result ("
                           << op->getNumResults() << ")";
  for (int64_t v : values.asArrayRef())
    if (v < 0)
      return op->emitError() << attr.getName().strref() << " must not be negative";
  return success();
}

} // namespace

LogicalResult BertDialect::verifyOperationAttribute(Operation* op, NamedAttribute attr) {
  const StringRef key = attr.getName().strref();
  if (key == "bert.max_batch" || key == "bert.max_seq_len")
    return expectInteger(op, attr, 1);
  if (key == "bert.arena_bytes" || key == "bert.peak_live_bytes" || key == "bert.row_slack")
    return expectInteger(op, attr, 0);
  if (key == "bert.result_offsets" || key == "bert.result_bytes" || key == "bert.max_rows")
    return expectPerResult(op, attr);
  if (key == "bert.kernel_key") {
    auto value = dyn_cast<StringAttr>(attr.getValue());
    return value && !value.empty()
               ? success()
               : op->emitError() << "bert.kernel_key must be a non-empty string";
  }
  if (key == "bert.precision")
    return isa<PrecisionAttr>(attr.getValue())
               ? success()
               : op->emitError() << "bert.precision must be a #bert<precision ...> attribute";
  if (key == "bert.output_names") {
    auto names = dyn_cast<ArrayAttr>(attr.getValue());
    if (!names || !llvm::all_of(names, [](Attribute a) { return isa<StringAttr>(a); }))
      return op->emitError() << "bert.output_names must be an array of strings";
    return success();
  }
  return op->emitError() << "unknown attribute " << key
                         << " (the bert dialect defines bert.max_batch, bert.max_seq_len, "
                            "bert.arena_bytes, bert.peak_live_bytes, bert.kernel_key, "
                            "bert.row_slack, bert.precision, "
                            "bert.output_names, bert.result_offsets, bert.result_bytes, "
                            "bert.max_rows on operations)";
}

LogicalResult BertDialect::verifyRegionArgAttribute(Operation* op, unsigned /*regionIndex*/,
                                                    unsigned argIndex, NamedAttribute attr) {
  if (attr.getName().strref() != "bert.input")
    return op->emitError() << "unknown argument attribute " << attr.getName().strref()
                           << " (the bert dialect defines bert.input)";
  auto input = dyn_cast<StringAttr>(attr.getValue());
  if (!input || !llvm::is_contained(llvm::ArrayRef<StringRef>{"input_ids", "token_type_ids",
                                                              "positions", "seq_offsets"},
                                    input.strref()))
    return op->emitError() << "argument " << argIndex
                           << ": bert.input must be one of input_ids, token_type_ids, positions, "
                              "seq_offsets";
  return success();
}
