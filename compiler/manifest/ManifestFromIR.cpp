#include "manifest/ManifestFromIR.h"

#include "bert/BertOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <set>

namespace bertc {

using namespace mlir;

namespace {

Shape shapeOf(Type t) {
  Shape s;
  for (int64_t d : cast<ShapedType>(t).getShape())
    s.push_back(ShapedType::isDynamic(d) ? -1 : d);
  return s;
}

} // namespace

FailureOr<KernelSpec> describeKernel(func::FuncOp fn) {
  KernelSpec k;
  k.name = fn.getSymName().str();
  k.key = fn->getAttrOfType<StringAttr>("bert.kernel_key").str();
  if (auto slack = fn->getAttrOfType<IntegerAttr>("bert.row_slack"))
    k.rowSlack = slack.getInt();
  Operation* op = &fn.front().front();
  if (!parseKernelOp(op->getName().stripDialect().str(), k.op))
    return op->emitError("no kernel kind computes this op");
  for (NamedAttribute a : op->getAttrs()) {
    const std::string name = a.getName().str();
    if (auto i = dyn_cast<IntegerAttr>(a.getValue()))
      k.attributes[name] = double(i.getInt());
    else if (auto f = dyn_cast<FloatAttr>(a.getValue()))
      k.attributes[name] = f.getValueAsDouble();
    else if (!isa<bert::ActivationAttr, bert::GeluApproximationAttr, bert::PrecisionAttr>(
                 a.getValue()))
      return op->emitError("attribute '") << name << "' has no place in the kernel manifest";
  }
  // The arithmetic of a dense's or an attention's products (f32 when absent).
  if (auto precision = op->getAttrOfType<bert::PrecisionAttr>("precision")) {
    const std::string word = bert::stringifyPrecision(precision.getValue()).str();
    if (!parsePrecision(word, k.precision))
      return op->emitError("no kernel computes precision ") << word;
  }
  std::string activation = "none";
  if (auto dense = dyn_cast<bert::DenseOp>(op)) {
    activation = bert::stringifyActivation(dense.getEpilogue()).str();
    if (dense.getSeqOffsets())
      k.variant = KernelVariant::FirstRows;
  } else if (auto gelu = dyn_cast<bert::GeluOp>(op)) {
    activation = gelu.getApproximate() == bert::GeluApproximation::tanh ? "gelu_tanh" : "gelu";
  } else if (auto norm = dyn_cast<bert::LayerNormOp>(op); norm && norm.getResidual()) {
    k.variant = KernelVariant::Residual;
  }
  // The manifest's activation names are the dialect's words (KernelManifest.cpp's table).
  if (!parseActivation(activation, k.epilogue))
    return op->emitError("no kernel epilogue computes ") << activation;
  for (Value operand : op->getOperands())
    k.operands.push_back(shapeOf(operand.getType()));
  for (Type t : op->getResultTypes())
    k.results.push_back(shapeOf(t));
  return k;
}

namespace {

CallArg describeArg(Value v, DenseMap<Value, std::pair<int64_t, int64_t>>& buffers,
                    func::FuncOp model) {
  CallArg arg;
  if (auto block = dyn_cast<BlockArgument>(v)) {
    arg.source = CallArg::Source::Input;
    arg.input = model.getArgAttrOfType<StringAttr>(block.getArgNumber(), "bert.input").str();
  } else if (auto w = v.getDefiningOp<bert::WeightOp>()) {
    arg.source = CallArg::Source::Weight;
    arg.weights.push_back(w.getName().str());
  } else if (auto concat = v.getDefiningOp<bert::ConcatWeightsOp>()) {
    arg.source = CallArg::Source::Weight;
    for (Value part : concat.getParts())
      arg.weights.push_back(part.getDefiningOp<bert::WeightOp>().getName().str());
  } else {
    arg.source = CallArg::Source::Buffer;
    std::tie(arg.offset, arg.bytes) = buffers.lookup(v);
  }
  return arg;
}

} // namespace

LogicalResult exportManifest(ModuleOp module, KernelManifest& out) {
  func::FuncOp model;
  for (auto fn : module.getOps<func::FuncOp>())
    if (fn->hasAttr("bert.arena_bytes"))
      model = fn;
  if (!model)
    return module.emitError("no planned model function; run the whole bert-compile pipeline");

  out = KernelManifest{};
  out.model = model.getSymName().str();
  out.maxBatch = model->getAttrOfType<IntegerAttr>("bert.max_batch").getInt();
  out.maxSeqLen = model->getAttrOfType<IntegerAttr>("bert.max_seq_len").getInt();
  out.arenaBytes = model->getAttrOfType<IntegerAttr>("bert.arena_bytes").getInt();
  out.peakLiveBytes = model->getAttrOfType<IntegerAttr>("bert.peak_live_bytes").getInt();
  for (unsigned i = 0; i < model.getNumArguments(); ++i)
    out.inputs.push_back(model.getArgAttrOfType<StringAttr>(i, "bert.input").str());

  std::set<std::string> seenWeights;
  model.walk([&](bert::WeightOp w) {
    if (seenWeights.insert(w.getName().str()).second)
      out.weights.push_back({w.getName().str(), shapeOf(w.getType())});
  });

  std::map<std::string, size_t> kernelIndex;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (!fn->hasAttr("bert.kernel_key"))
      continue;
    FailureOr<KernelSpec> kernel = describeKernel(fn);
    if (failed(kernel))
      return failure();
    kernelIndex[fn.getSymName().str()] = out.kernels.size();
    out.kernels.push_back(std::move(*kernel));
  }

  DenseMap<Value, std::pair<int64_t, int64_t>> buffers; // value -> (offset, bytes)
  WalkResult walk = model.walk([&](func::CallOp call) -> WalkResult {
    auto offsets = call->getAttrOfType<DenseI64ArrayAttr>("bert.result_offsets");
    auto bytes = call->getAttrOfType<DenseI64ArrayAttr>("bert.result_bytes");
    auto rows = call->getAttrOfType<DenseI64ArrayAttr>("bert.max_rows");
    auto it = kernelIndex.find(call.getCallee().str());
    if (!offsets || !bytes || !rows || it == kernelIndex.end())
      return call.emitError("call is not a planned kernel call"), WalkResult::interrupt();
    KernelSpec& kernel = out.kernels[it->second];
    ++kernel.calls;
    KernelCall c;
    c.kernel = kernel.name;
    for (Value operand : call.getOperands())
      c.args.push_back(describeArg(operand, buffers, model));
    if (kernel.operandIsWeight.empty())
      for (const CallArg& a : c.args)
        kernel.operandIsWeight.push_back(a.source == CallArg::Source::Weight);
    for (auto [i, result] : llvm::enumerate(call.getResults())) {
      buffers[result] = {offsets[i], bytes[i]};
      c.results.push_back({offsets[i], bytes[i], rows[i], shapeOf(result.getType()).back()});
    }
    out.calls.push_back(std::move(c));
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();

  auto names = model->getAttrOfType<ArrayAttr>("bert.output_names");
  auto ret = cast<func::ReturnOp>(model.front().getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    auto [offset, size] = buffers.lookup(v);
    auto call = v.getDefiningOp<func::CallOp>();
    int64_t maxRows = call ? call->getAttrOfType<DenseI64ArrayAttr>(
                                 "bert.max_rows")[cast<OpResult>(v).getResultNumber()]
                           : 0;
    out.outputs.push_back({names ? cast<StringAttr>(names[i]).str() : "output" + std::to_string(i),
                           offset, maxRows, shapeOf(v.getType()).back()});
    (void)size;
  }
  return success();
}

} // namespace bertc
