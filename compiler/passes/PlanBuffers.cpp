//===- PlanBuffers.cpp - one arena, offsets by liveness -------------------===//
//
// Every kernel result gets a byte range in one arena sized for
// max_batch x max_seq_len rows, rounded up to whole row tiles, plus the largest row slack
// (bert.row_slack) of the model's kernels: rows a kernel may touch past the request, e.g.
// attention's key tiles. Every buffer gets the same slack, not only those the kernel touches:
// equal-width buffers then have equal sizes and the placement reuses their bytes (per-buffer
// slack made bert-base's arena 15% larger than its peak, against equal now). Two
// results may share bytes when their live ranges (definition to last use, in call order) do not
// overlap. Placement is greedy: largest first, each at the lowest offset that clears every
// time-overlapping buffer already placed. The arena never exceeds the sum of
// sizes and, for BERT's chain-like dataflow, stays at or near the peak of
// simultaneously live bytes.
//
//===----------------------------------------------------------------------===//
#include "bert/BertPasses.h"
#include "bertc/model_desc.h"
#include "passes/PassUtils.h"

#include <algorithm>

namespace mlir::bert {
#define GEN_PASS_DEF_BERTPLANBUFFERS
#include "bert/BertPasses.h.inc"

namespace {

constexpr int64_t kAlignment = 64;                 // a cache line, and a full AVX-512 vector
constexpr int64_t kRowGranule = BERTC_ROW_GRANULE; // the runtime pads arena rows to this

struct Buffer {
  Value value;
  int64_t bytes = 0;
  int64_t start = 0, end = 0; // call indices, inclusive
  int64_t offset = -1;
};

bool overlapInTime(const Buffer& a, const Buffer& b) {
  return a.start <= b.end && b.start <= a.end;
}

// The largest bert.row_slack of the kernels `calls` run, in whole row tiles.
int64_t modelRowSlack(ArrayRef<func::CallOp> calls) {
  int64_t slack = 0;
  for (func::CallOp call : calls) {
    auto kernel = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(call, call.getCalleeAttr());
    if (auto attr = kernel ? kernel->getAttrOfType<IntegerAttr>("bert.row_slack") : nullptr)
      slack = std::max(slack, attr.getInt());
  }
  return int64_t(llvm::alignTo(slack, kRowGranule));
}

LogicalResult planModel(func::FuncOp model) {
  SmallVector<func::CallOp> calls;
  model.walk([&](func::CallOp call) { calls.push_back(call); });
  DenseMap<Operation*, int64_t> index;
  for (auto [i, call] : llvm::enumerate(calls))
    index[call] = i;
  const int64_t end = calls.size();

  const int64_t slackRows = modelRowSlack(calls);
  std::vector<Buffer> buffers;
  for (auto [i, call] : llvm::enumerate(calls)) {
    for (Value result : call.getResults()) {
      std::optional<int64_t> rows = maxRows(result);
      if (!rows || ShapedType::isDynamic(*rows))
        return call.emitError("cannot bound the rows of this result; run bert-outline-kernels "
                              "on a function with bert.max_batch and bert.max_seq_len");
      int64_t bytes =
          (int64_t(llvm::alignTo(*rows, kRowGranule)) + slackRows) * widthOf(result) * 4;
      Buffer buf{result, int64_t(llvm::alignTo(bytes, kAlignment)), int64_t(i), int64_t(i)};
      for (Operation* user : result.getUsers())
        buf.end = std::max(buf.end, isa<func::ReturnOp>(user) ? end : index.lookup(user));
      buffers.push_back(buf);
    }
  }

  int64_t peak = 0;
  for (int64_t t = 0; t <= end; ++t) {
    int64_t live = 0;
    for (const Buffer& b : buffers)
      if (b.start <= t && t <= b.end)
        live += b.bytes;
    peak = std::max(peak, live);
  }

  std::vector<Buffer*> order;
  for (Buffer& b : buffers)
    order.push_back(&b);
  std::stable_sort(order.begin(), order.end(),
                   [](const Buffer* a, const Buffer* b) { return a->bytes > b->bytes; });
  int64_t arena = 0;
  std::vector<const Buffer*> placed;
  for (Buffer* buf : order) {
    std::vector<const Buffer*> conflicts;
    for (const Buffer* other : placed)
      if (overlapInTime(*buf, *other))
        conflicts.push_back(other);
    std::sort(conflicts.begin(), conflicts.end(),
              [](const Buffer* a, const Buffer* b) { return a->offset < b->offset; });
    int64_t offset = 0;
    for (const Buffer* other : conflicts) {
      if (offset + buf->bytes <= other->offset)
        break;
      offset = std::max(offset, other->offset + other->bytes);
    }
    buf->offset = offset;
    arena = std::max(arena, offset + buf->bytes);
    placed.push_back(buf);
  }

  Builder b(model.getContext());
  for (func::CallOp call : calls) {
    SmallVector<int64_t> offsets, sizes;
    for (Value result : call.getResults())
      for (const Buffer& buf : buffers)
        if (buf.value == result) {
          offsets.push_back(buf.offset);
          sizes.push_back(buf.bytes);
        }
    call->setAttr("bert.result_offsets", b.getDenseI64ArrayAttr(offsets));
    call->setAttr("bert.result_bytes", b.getDenseI64ArrayAttr(sizes));
  }
  model->setAttr("bert.arena_bytes", b.getI64IntegerAttr(arena));
  model->setAttr("bert.peak_live_bytes", b.getI64IntegerAttr(peak));
  return success();
}

struct BertPlanBuffersPass : impl::BertPlanBuffersBase<BertPlanBuffersPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>())
      if (fn->hasAttr("bert.max_batch") && failed(planModel(fn)))
        return signalPassFailure();
  }
};

} // namespace
} // namespace mlir::bert
