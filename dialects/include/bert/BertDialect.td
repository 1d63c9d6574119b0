//===- BertDialect.td - the bert dialect -------------------*- tablegen -*-===//
//
// The `bert` dialect carries a BERT classifier from its model description to a
// list of fused kernels. See docs/architecture.md.
//
//===----------------------------------------------------------------------===//

#ifndef BERT_DIALECT
#define BERT_DIALECT

include "mlir/IR/OpBase.td"

def Bert_Dialect : Dialect {
  let name = "bert";
  let summary = "BERT encoders and heads, from model level down to fused kernels";
  let description = [{
    Two levels of operations live here.

    Model-level ops mirror the model description: `bert.embeddings`,
    `bert.encoder_layer`, `bert.pooler` and one op per head kind. They name
    their weights by a Hugging Face prefix ("encoder.layer.3").

    Tensor-level ops are what the model level decomposes into: `bert.dense`,
    `bert.layer_norm`, `bert.attention`, activations, `bert.add` and the
    embedding gather. Weights appear as `bert.weight` ops, symbolic references
    by Hugging Face name, never as constants.

    Sequences are packed: a batch is carried as the concatenation of its real
    tokens, `tensor<?xH x f32>` with one row per token, plus `seq_offsets`
    (`tensor<?xi32>`, batch + 1 entries, offsets[b] = first row of sequence
    b). No work is spent on padding, and one compiled model serves every batch
    and length up to the function's `bert.max_batch` and `bert.max_seq_len`.

    The passes annotate functions, calls and arguments with discardable
    attributes, all verified by the dialect (`BertDialect.cpp`):
    `bert.max_batch`, `bert.max_seq_len` (the request bounds, on the model
    function), `bert.precision` (the model function's dense arithmetic when
    not f32: bert-decompose gives it to the encoder's and pooler's denses),
    `bert.input` (which packed input an argument is: input_ids,
    token_type_ids, positions or seq_offsets), `bert.output_names`,
    `bert.arena_bytes`, `bert.peak_live_bytes` (bert-plan-buffers),
    `bert.kernel_key` (bert-outline-kernels, on each kernel), `bert.row_slack`
    (rows past the request a kernel may touch, set by bertc from the kernel's
    kind and read by bert-plan-buffers), and on each
    planned call `bert.result_offsets`, `bert.result_bytes`, `bert.max_rows`
    (one entry per result).
  }];
  let cppNamespace = "::mlir::bert";
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let useDefaultAttributePrinterParser = 1; // the enum attributes of BertEnums.td
}

class Bert_Op<string mnemonic, list<Trait> traits = []>
    : Op<Bert_Dialect, mnemonic, traits>;

#endif // BERT_DIALECT
