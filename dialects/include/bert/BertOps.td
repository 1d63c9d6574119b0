//===- BertOps.td - bert dialect operations ----------------*- tablegen -*-===//
//
// Model-level ops mirror the YAML description; tensor-level ops are what they
// decompose into and what kernels are made of. Every op is Pure: values, not
// buffers, until the buffer planner assigns arena offsets.
//
//===----------------------------------------------------------------------===//

#ifndef BERT_OPS
#define BERT_OPS

include "bert/BertDialect.td"
include "bert/BertEnums.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Packed token rows: [tokens or sequences, features], rows dynamic.
def Bert_Rows : 2DTensorOf<[F32]>;
// Per-token ids (input_ids, token_type_ids, positions) or seq_offsets.
def Bert_Ids : 1DTensorOf<[I32]>;
// A weight: a statically shaped f32 tensor.
def Bert_Weight : StaticShapeTensorOf<[F32]>;

// All ops print as `operands attr-dict : functional-type`, which shows every
// operand and result type and round-trips without custom parsers.
class Bert_ComputeOp<string mnemonic, list<Trait> traits = []>
    : Bert_Op<mnemonic, !listconcat([Pure], traits)> {
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Model level
//===----------------------------------------------------------------------===//

def Bert_EmbeddingsOp : Bert_ComputeOp<"embeddings"> {
  let summary = "word + position + token-type embeddings, then LayerNorm";
  let description = [{
    Looks up each packed token's word, position and token-type embedding,
    sums them and normalizes. Weights: `<prefix>.word_embeddings.weight`,
    `<prefix>.position_embeddings.weight`, `<prefix>.token_type_embeddings.weight`,
    `<prefix>.LayerNorm.{weight,bias}`.

    ```mlir
    %h = bert.embeddings %ids, %types, %positions {prefix = "embeddings",
           vocab_size = 30522 : i64, max_positions = 512 : i64,
           type_vocab_size = 2 : i64, eps = 1.0e-12 : f64}
         : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Ids:$input_ids, Bert_Ids:$token_type_ids, Bert_Ids:$positions,
                   StrAttr:$prefix, I64Attr:$vocab_size, I64Attr:$max_positions,
                   I64Attr:$type_vocab_size, F64Attr:$eps);
  let results = (outs Bert_Rows:$result);
}

def Bert_EncoderLayerOp : Bert_ComputeOp<"encoder_layer"> {
  let summary = "one post-LN transformer layer (BertLayer)";
  let description = [{
    Multi-head self-attention within each packed sequence, output projection,
    residual + LayerNorm, feed-forward with `hidden_act`, residual + LayerNorm.
    Weights under `<prefix>` exactly as Hugging Face's `BertLayer`
    (`attention.self.query.weight`, ..., `output.LayerNorm.bias`).

    ```mlir
    %y = bert.encoder_layer %x, %offsets {prefix = "encoder.layer.0",
           num_heads = 12 : i64, intermediate_size = 3072 : i64,
           hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64}
         : (tensor<?x768xf32>, tensor<?xi32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$hidden, Bert_Ids:$seq_offsets, StrAttr:$prefix,
                   I64Attr:$num_heads, I64Attr:$intermediate_size, Bert_ActivationAttr:$hidden_act,
                   F64Attr:$eps);
  let results = (outs Bert_Rows:$result);
}

def Bert_PoolerOp : Bert_ComputeOp<"pooler"> {
  let summary = "tanh(dense) of each sequence's first ([CLS]) token";
  let description = [{
    One row per sequence: `tanh(hidden[offsets[b]] · Wᵀ + b)` with
    `<prefix>.weight` [H, H] and `<prefix>.bias` [H].

    ```mlir
    %p = bert.pooler %y, %offsets {prefix = "pooler.dense"}
         : (tensor<?x768xf32>, tensor<?xi32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$hidden, Bert_Ids:$seq_offsets, StrAttr:$prefix);
  let results = (outs Bert_Rows:$result);
}

def Bert_ClassifierOp : Bert_ComputeOp<"classifier"> {
  let summary = "dense head on the pooled output: binary (sigmoid) or classes (softmax)";
  let description = [{
    `logits = pooled · Wᵀ + b` with `<prefix>.weight` [N, H] and `<prefix>.bias` [N];
    probabilities are the sigmoid of the logits for kind `binary` (N = 1)
    and their softmax for kind `classes` (N >= 2). Dropout is a training
    matter and does not appear.

    ```mlir
    %logits, %probs = bert.classifier %p {prefix = "classifier",
           kind = #bert<classifier_kind binary>}
         : (tensor<?x768xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
    ```
  }];
  let arguments = (ins Bert_Rows:$pooled, StrAttr:$prefix, Bert_ClassifierKindAttr:$kind);
  let results = (outs Bert_Rows:$logits, Bert_Rows:$probabilities);
}

def Bert_NspHeadOp : Bert_ComputeOp<"nsp_head"> {
  let summary = "next-sentence prediction: 2-way softmax on the pooled output";
  let description = [{
    Weights `<prefix>.weight` [2, H] and `<prefix>.bias` [2] (Hugging Face:
    `cls.seq_relationship`).

    ```mlir
    %logits, %probs = bert.nsp_head %p {prefix = "cls.seq_relationship"}
         : (tensor<?x768xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
    ```
  }];
  let arguments = (ins Bert_Rows:$pooled, StrAttr:$prefix);
  let results = (outs Bert_Rows:$logits, Bert_Rows:$probabilities);
}

def Bert_MlmHeadOp : Bert_ComputeOp<"mlm_head"> {
  let summary = "masked-language-model logits over the vocabulary for every token";
  let description = [{
    `decoder(LayerNorm(act(dense(hidden))))` as in Hugging Face's
    `BertLMPredictionHead`; weights under `<prefix>.transform.*`,
    `<prefix>.bias`, and the decoder weight `decoder_weight` (tied to the word
    embeddings in every released checkpoint).

    ```mlir
    %logits = bert.mlm_head %y {prefix = "cls.predictions",
           decoder_weight = "embeddings.word_embeddings.weight",
           hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64}
         : (tensor<?x768xf32>) -> tensor<?x30522xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$hidden, StrAttr:$prefix, StrAttr:$decoder_weight,
                   Bert_ActivationAttr:$hidden_act, F64Attr:$eps);
  let results = (outs Bert_Rows:$logits);
}

//===----------------------------------------------------------------------===//
// Tensor level
//===----------------------------------------------------------------------===//

def Bert_WeightOp : Bert_Op<"weight", [Pure]> {
  let summary = "a symbolic reference to a weight tensor by its Hugging Face name";
  let description = [{
    The runtime binds the name to the weights file's tensor (with or without
    the `bert.` prefix of task checkpoints); the compiler never sees values.

    ```mlir
    %w = bert.weight "encoder.layer.0.attention.self.query.weight" : tensor<768x768xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs Bert_Weight:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Bert_ConcatWeightsOp : Bert_ComputeOp<"concat_weights"> {
  let summary = "weights concatenated along their first dimension";
  let description = [{
    Made by Q/K/V fusion: the runtime packs the three projections into one
    [3H, H] matrix (and [3H] bias) at load time.

    ```mlir
    %wqkv = bert.concat_weights %wq, %wk, %wv
         : (tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>) -> tensor<2304x768xf32>
    ```
  }];
  let arguments = (ins Variadic<Bert_Weight>:$parts);
  let results = (outs Bert_Weight:$result);
}

def Bert_GatherOp : Bert_ComputeOp<"gather"> {
  let summary = "rows of an embedding table selected by ids";
  let description = [{
    `result[t] = table[ids[t]]`. Ids outside the table are rejected by the
    runtime before any kernel runs.

    ```mlir
    %e = bert.gather %table, %ids : (tensor<30522x768xf32>, tensor<?xi32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Weight:$table, Bert_Ids:$ids);
  let results = (outs Bert_Rows:$result);
}

def Bert_FusedEmbeddingsOp : Bert_ComputeOp<"fused_embeddings"> {
  let summary = "three embedding gathers, their sum and LayerNorm in one kernel";
  let description = [{
    ```mlir
    %h = bert.fused_embeddings %word, %pos, %type, %ids, %positions, %types, %gamma, %beta
           {eps = 1.0e-12 : f64}
         : (tensor<30522x768xf32>, tensor<512x768xf32>, tensor<2x768xf32>, tensor<?xi32>,
            tensor<?xi32>, tensor<?xi32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Weight:$word_table, Bert_Weight:$position_table,
                   Bert_Weight:$type_table, Bert_Ids:$input_ids, Bert_Ids:$positions,
                   Bert_Ids:$token_type_ids, Bert_Weight:$gamma, Bert_Weight:$beta,
                   F64Attr:$eps);
  let results = (outs Bert_Rows:$result);
}

def Bert_DenseOp : Bert_ComputeOp<"dense"> {
  let summary = "matmul + bias with an optional fused epilogue";
  let description = [{
    `result = epilogue(input · weightᵀ + bias)` with weight [N, K] in PyTorch's
    Linear layout. `epilogue` is an activation (none by default).
    With `seq_offsets`, only each sequence's first row is read (the pooler's
    [CLS] selection, fused), giving one row per sequence.

    `precision` (f32 when absent) is the arithmetic of the product; operands
    and result stay f32 in the IR whatever it is. `int8`: the weights are
    quantized per output channel (symmetric s8) once at load, each input row
    by its own scale (max |x| / 127) when the kernel reads it, the product
    accumulates in i32 and is scaled back before bias and epilogue. `bf16`:
    weights and inputs rounded to bf16, f32 accumulation.

    ```mlir
    %y = bert.dense %x, %w, %b {epilogue = #bert<activation gelu>}
         : (tensor<?x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<?x3072xf32>
    %q = bert.dense %x, %w2, %b2 {precision = #bert<precision int8>}
         : (tensor<?x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$input, Bert_Weight:$weight, Bert_Weight:$bias,
                   Optional<Bert_Ids>:$seq_offsets,
                   DefaultValuedAttr<Bert_ActivationAttr, "Activation::none">:$epilogue,
                   OptionalAttr<Bert_PrecisionAttr>:$precision);
  let results = (outs Bert_Rows:$result);
}

def Bert_LayerNormOp : Bert_ComputeOp<"layer_norm"> {
  let summary = "LayerNorm over the last dimension, optionally of (input + residual)";
  let description = [{
    `result = (z - mean(z)) / sqrt(var(z) + eps) * gamma + beta` with
    `z = input` or `z = input + residual` when fused.

    ```mlir
    %y = bert.layer_norm %x, %gamma, %beta, %residual {eps = 1.0e-12 : f64}
         : (tensor<?x768xf32>, tensor<768xf32>, tensor<768xf32>, tensor<?x768xf32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$input, Bert_Weight:$gamma, Bert_Weight:$beta,
                   Optional<Bert_Rows>:$residual, F64Attr:$eps);
  let results = (outs Bert_Rows:$result);
}

def Bert_AttentionOp : Bert_ComputeOp<"attention"> {
  let summary = "multi-head scaled dot-product attention within each packed sequence";
  let description = [{
    For each sequence b and head h, `softmax(Q_h K_hᵀ * scale) V_h` over the
    rows offsets[b]..offsets[b+1]: keys outside the sequence are masked out
    (padding never exists, so the key mask is the sequence boundary).

    `precision` (f32 when absent) is the arithmetic of the two products: with
    bf16, Q, K, V and the softmax numerators are rounded to bf16 before them and
    the sums are f32 (AVX512-BF16's `vdpbf16ps`); the softmax itself stays f32.
    int8 is not an attention precision (an int8 model's attention is f32).

    ```mlir
    %c = bert.attention %q, %k, %v, %offsets {num_heads = 12 : i64, scale = 0.125 : f64}
         : (tensor<?x768xf32>, tensor<?x768xf32>, tensor<?x768xf32>, tensor<?xi32>) -> tensor<?x768xf32>
    %d = bert.attention %q, %k, %v, %offsets
         {num_heads = 12 : i64, scale = 0.125 : f64, precision = #bert<precision bf16>}
         : (tensor<?x768xf32>, tensor<?x768xf32>, tensor<?x768xf32>, tensor<?xi32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$query, Bert_Rows:$key, Bert_Rows:$value,
                   Bert_Ids:$seq_offsets, I64Attr:$num_heads, F64Attr:$scale,
                   OptionalAttr<Bert_PrecisionAttr>:$precision);
  let results = (outs Bert_Rows:$result);
}

def Bert_PackedAttentionOp : Bert_ComputeOp<"packed_attention"> {
  let summary = "attention reading Q, K and V from one fused [T, 3H] projection";
  let description = [{
    Same as `bert.attention` (precision included), with Q, K and V the three
    column blocks of `qkv`; no split copies are made.

    ```mlir
    %c = bert.packed_attention %qkv, %offsets {num_heads = 12 : i64, scale = 0.125 : f64}
         : (tensor<?x2304xf32>, tensor<?xi32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$qkv, Bert_Ids:$seq_offsets, I64Attr:$num_heads,
                   F64Attr:$scale, OptionalAttr<Bert_PrecisionAttr>:$precision);
  let results = (outs Bert_Rows:$result);
}

def Bert_FirstTokenRowsOp : Bert_ComputeOp<"first_token_rows"> {
  let summary = "each sequence's first row ([CLS])";
  let description = [{
    ```mlir
    %cls = bert.first_token_rows %y, %offsets : (tensor<?x768xf32>, tensor<?xi32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$hidden, Bert_Ids:$seq_offsets);
  let results = (outs Bert_Rows:$result);
}

def Bert_AddOp : Bert_ComputeOp<"add", [SameOperandsAndResultType]> {
  let summary = "elementwise sum";
  let description = [{
    ```mlir
    %s = bert.add %a, %b : (tensor<?x768xf32>, tensor<?x768xf32>) -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$lhs, Bert_Rows:$rhs);
  let results = (outs Bert_Rows:$result);
}

class Bert_UnaryOp<string mnemonic, string summaryText>
    : Bert_ComputeOp<mnemonic, [SameOperandsAndResultType]> {
  let summary = summaryText;
  let arguments = (ins Bert_Rows:$input);
  let results = (outs Bert_Rows:$result);
}

def Bert_GeluOp : Bert_UnaryOp<"gelu", "GELU, exact (erf) or with the tanh approximation"> {
  let description = [{
    `approximate` none: x·Φ(x) with erf (Hugging Face "gelu");
    tanh: the tanh formula ("gelu_new").

    ```mlir
    %g = bert.gelu %x {approximate = #bert<gelu_approximation tanh>}
         : (tensor<?x3072xf32>) -> tensor<?x3072xf32>
    ```
  }];
  let arguments = (ins Bert_Rows:$input,
                   DefaultValuedAttr<Bert_GeluApproximationAttr, "GeluApproximation::none">:$approximate);
  let hasVerifier = 0; // the enum attribute admits only none and tanh; types are the trait's
}

def Bert_ReluOp : Bert_UnaryOp<"relu", "max(x, 0)"> {
  let description = [{
    ```mlir
    %r = bert.relu %x : (tensor<?x3072xf32>) -> tensor<?x3072xf32>
    ```
  }];
}

def Bert_TanhOp : Bert_UnaryOp<"tanh", "hyperbolic tangent"> {
  let description = [{
    ```mlir
    %t = bert.tanh %x : (tensor<?x768xf32>) -> tensor<?x768xf32>
    ```
  }];
}

def Bert_SigmoidOp : Bert_UnaryOp<"sigmoid", "logistic sigmoid"> {
  let description = [{
    ```mlir
    %p = bert.sigmoid %logits : (tensor<?x1xf32>) -> tensor<?x1xf32>
    ```
  }];
}

def Bert_SoftmaxOp : Bert_UnaryOp<"softmax", "softmax over the last dimension"> {
  let description = [{
    ```mlir
    %p = bert.softmax %logits : (tensor<?x3xf32>) -> tensor<?x3xf32>
    ```
  }];
}

#endif // BERT_OPS
