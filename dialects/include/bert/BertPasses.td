//===- BertPasses.td - bert dialect passes -----------------*- tablegen -*-===//
//
// The compile pipeline, in order: verify-shapes, decompose, the four fusions,
// outline-kernels, plan-buffers. Each pass lives in its own file under
// compiler/passes/ and has a lit test under tests/lit/passes/.
//
//===----------------------------------------------------------------------===//

#ifndef BERT_PASSES
#define BERT_PASSES

include "mlir/Pass/PassBase.td"

def BertVerifyShapes : Pass<"bert-verify-shapes", "mlir::ModuleOp"> {
  let summary = "Check whole-model consistency that single-op verifiers cannot see";
  let description = [{
    Every model function declares `bert.max_batch` and `bert.max_seq_len`, takes
    input_ids, token_type_ids, positions (1-D i32) and seq_offsets, and its
    max_seq_len fits the position table. Every weight name is used with a
    single shape, and all hidden states share one width.
  }];
}

def BertDecompose : Pass<"bert-decompose", "mlir::ModuleOp"> {
  let summary = "Lower model-level ops to tensor-level ops with symbolic weights";
  let description = [{
    Replaces embeddings, encoder layers, pooler and heads by gather, dense,
    attention, layer_norm, activations and add, each weight a `bert.weight`
    named as in Hugging Face checkpoints.
  }];
}

def BertFuseEpilogues : Pass<"bert-fuse-epilogues", "mlir::ModuleOp"> {
  let summary = "Fold activations into the dense that feeds them, and [CLS] selection into the pooler dense";
  let description = [{
    dense + gelu / gelu_tanh / relu / tanh becomes one dense with an epilogue
    (only when the dense has no other user); first_token_rows feeding a dense
    becomes that dense's seq_offsets operand.
  }];
}

def BertFuseResidualLayerNorm : Pass<"bert-fuse-residual-layernorm", "mlir::ModuleOp"> {
  let summary = "Fold a residual add into the LayerNorm that consumes it";
}

def BertFuseAttention : Pass<"bert-fuse-attention", "mlir::ModuleOp"> {
  let summary = "Fuse the Q/K/V projections into one dense read in place by the attention";
  let description = [{
    Three denses of one input feeding an attention's query, key and value
    become one dense with concatenated weights ([3H, H]) and a
    packed_attention that reads Q, K and V from its output.
  }];
}

def BertFuseEmbeddings : Pass<"bert-fuse-embeddings", "mlir::ModuleOp"> {
  let summary = "Fuse the three embedding gathers, their sum and LayerNorm";
}

def BertOutlineKernels : Pass<"bert-outline-kernels", "mlir::ModuleOp"> {
  let summary = "Move each compute op into a kernel function shared by ops with the same key";
  let description = [{
    Each tensor-level compute op becomes a `func.call` to a private kernel
    function holding that op. The deduplication key (op kind, static dims,
    dtype, epilogue and attributes) names the kernel, so the twelve layers of
    bert-base share one set of kernels. Each call records an upper bound on
    its result rows (`bert.max_rows`) for the buffer planner.
  }];
}

def BertPlanBuffers : Pass<"bert-plan-buffers", "mlir::ModuleOp"> {
  let summary = "Assign every intermediate an offset in one arena, by liveness";
  let description = [{
    Sizes each kernel result at max_batch x max_seq_len rows in whole 16-row
    tiles, plus the largest `bert.row_slack` of the model's kernels (bertc
    sets it on each kernel from its kernel kind), computes live ranges
    over the call sequence, and places buffers first-fit by decreasing size.
    Annotates calls with `bert.result_offsets` and the model function with
    `bert.arena_bytes` and `bert.peak_live_bytes`.
  }];
}

#endif // BERT_PASSES
