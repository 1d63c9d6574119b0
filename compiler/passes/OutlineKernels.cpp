//===- OutlineKernels.cpp - one kernel function per distinct op -----------===//
//
// Each compute op moves into a private function (the kernel) and is replaced
// by a call. Ops with the same deduplication key share one kernel: the key is
// the op's name, operand and result types (static dims, dtype; the row count
// is dynamic and not part of it) and attributes (epilogue, eps, heads, ...).
// Twelve identical encoder layers thus call the same handful of kernels.
//
//===----------------------------------------------------------------------===//
#include "bert/BertDialect.h"
#include "bert/BertPasses.h"
#include "mlir/IR/IRMapping.h"
#include "passes/PassUtils.h"

#include "llvm/Support/raw_ostream.h"

#include <map>

namespace mlir::bert {
#define GEN_PASS_DEF_BERTOUTLINEKERNELS
#include "bert/BertPasses.h.inc"

namespace {

bool isKernelOp(Operation* op) {
  return isa<BertDialect>(op->getDialect()) && !isa<WeightOp, ConcatWeightsOp>(op);
}

bool isModelLevel(Operation* op) {
  return isa<EmbeddingsOp, EncoderLayerOp, PoolerOp, ClassifierOp, NspHeadOp, MlmHeadOp>(op);
}

// An enum attribute as the quoted word it was before the dialect had enums, so that kernel keys
// (which schedule files and bert-tune records store) did not change when the enums came.
Attribute keyForm(Attribute value) {
  MLIRContext* context = value.getContext();
  if (auto act = dyn_cast<ActivationAttr>(value))
    return StringAttr::get(context, stringifyActivation(act.getValue()));
  if (auto gelu = dyn_cast<GeluApproximationAttr>(value))
    return StringAttr::get(context, stringifyGeluApproximation(gelu.getValue()));
  if (auto kind = dyn_cast<ClassifierKindAttr>(value))
    return StringAttr::get(context, stringifyClassifierKind(kind.getValue()));
  if (auto precision = dyn_cast<PrecisionAttr>(value))
    return StringAttr::get(context, stringifyPrecision(precision.getValue()));
  return value;
}

std::string dedupKey(Operation* op) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << op->getName() << "(";
  llvm::interleaveComma(op->getOperandTypes(), os);
  os << ")->(";
  llvm::interleaveComma(op->getResultTypes(), os);
  SmallVector<NamedAttribute> attrs;
  for (NamedAttribute a : op->getAttrs())
    attrs.emplace_back(a.getName(), keyForm(a.getValue()));
  os << ")" << DictionaryAttr::get(op->getContext(), attrs);
  return key;
}

// The op's shape and options in words, such as dense_768x3072_gelu or layer_norm_768_residual.
std::string readableShape(Operation* op) {
  std::string name = op->getName().stripDialect().str();
  int64_t width = widthOf(op->getResult(0));
  if (auto dense = dyn_cast<DenseOp>(op)) {
    name += "_" + std::to_string(widthOf(dense.getInput())) + "x" + std::to_string(width);
    if (dense.getEpilogue() != Activation::none)
      name += "_" + stringifyActivation(dense.getEpilogue()).str();
    if (dense.getSeqOffsets())
      name += "_first_rows";
    return name;
  }
  name += "_" + std::to_string(width);
  if (auto norm = dyn_cast<LayerNormOp>(op); norm && norm.getResidual())
    name += "_residual";
  if (auto attn = dyn_cast<PackedAttentionOp>(op))
    name += "_h" + std::to_string(attn.getNumHeads());
  if (auto attn = dyn_cast<AttentionOp>(op))
    name += "_h" + std::to_string(attn.getNumHeads());
  return name;
}

// A readable kernel name: the shape, then a precision other than f32 (dense_768x3072_gelu_int8).
std::string readableName(Operation* op) {
  std::string name = readableShape(op);
  if (auto precision = op->getAttrOfType<PrecisionAttr>("precision");
      precision && precision.getValue() != Precision::f32)
    name += "_" + stringifyPrecision(precision.getValue()).str();
  return name;
}

struct BertOutlineKernelsPass : impl::BertOutlineKernelsBase<BertOutlineKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::map<std::string, func::FuncOp> kernelsByKey;
    std::map<std::string, int> namesUsed;
    SmallVector<func::FuncOp> models;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn->hasAttr("bert.max_batch"))
        models.push_back(fn);

    for (func::FuncOp model : models) {
      SmallVector<Operation*> ops;
      model.walk([&](Operation* op) {
        if (isKernelOp(op))
          ops.push_back(op);
      });
      for (Operation* op : ops) {
        if (isModelLevel(op)) {
          op->emitError("model-level op left; run bert-decompose before bert-outline-kernels");
          return signalPassFailure();
        }
        std::string key = dedupKey(op);
        func::FuncOp& kernel = kernelsByKey[key];
        if (!kernel) {
          std::string name = readableName(op);
          if (int n = namesUsed[name]++)
            name += "_" + std::to_string(n + 1);
          kernel = createKernel(module, op, name, key);
        }
        SmallVector<int64_t> rows;
        for (Value result : op->getResults())
          rows.push_back(maxRows(result).value_or(ShapedType::kDynamic));
        OpBuilder b(op);
        auto call = b.create<func::CallOp>(op->getLoc(), kernel, op->getOperands());
        call->setAttr("bert.max_rows", b.getDenseI64ArrayAttr(rows));
        op->replaceAllUsesWith(call.getResults());
        op->erase();
      }
    }
  }

  func::FuncOp createKernel(ModuleOp module, Operation* op, const std::string& name,
                            const std::string& key) {
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    auto type = b.getFunctionType(op->getOperandTypes(), op->getResultTypes());
    auto kernel = b.create<func::FuncOp>(op->getLoc(), name, type);
    kernel.setPrivate();
    kernel->setAttr("bert.kernel_key", b.getStringAttr(key));
    Block* body = kernel.addEntryBlock();
    b.setInsertionPointToStart(body);
    IRMapping map;
    map.map(op->getOperands(), body->getArguments());
    Operation* clone = b.clone(*op, map);
    b.create<func::ReturnOp>(op->getLoc(), clone->getResults());
    return kernel;
  }
};

} // namespace
} // namespace mlir::bert
