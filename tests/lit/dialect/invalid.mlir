// Tests that each verifier rule of the bert ops rejects malformed IR with its message.
// RUN: bert-opt %s -split-input-file -verify-diagnostics

func.func @case0(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{vocab_size must be positive, got 0}}
  %h = bert.embeddings %ids, %ids, %ids {prefix = "embeddings", vocab_size = 0 : i64, max_positions = 512 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case1(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{result must have a static feature width}}
  %h = bert.embeddings %ids, %ids, %ids {prefix = "embeddings", vocab_size = 10 : i64, max_positions = 512 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @case2(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{eps must be positive}}
  %h = bert.embeddings %ids, %ids, %ids {prefix = "embeddings", vocab_size = 10 : i64, max_positions = 512 : i64, type_vocab_size = 2 : i64, eps = 0.0 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case3(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{operand #0 must be 1D tensor of 32-bit signless integer values}}
  %h = bert.embeddings %x, %ids, %ids {prefix = "embeddings", vocab_size = 10 : i64, max_positions = 512 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case4(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{hidden width 64 is not divisible by num_heads 5}}
  %y = bert.encoder_layer %x, %ids {prefix = "l", num_heads = 5 : i64, intermediate_size = 256 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case5(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{hidden_act tanh is not a layer activation; expected gelu, gelu_tanh or relu}}
  %y = bert.encoder_layer %x, %ids {prefix = "l", num_heads = 4 : i64, intermediate_size = 256 : i64, hidden_act = #bert<activation tanh>, eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case6(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{result type must equal the hidden input type}}
  %y = bert.encoder_layer %x, %ids {prefix = "l", num_heads = 4 : i64, intermediate_size = 256 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x32xf32>
  return
}

// -----

func.func @case7(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{num_heads must be positive, got 0}}
  %y = bert.encoder_layer %x, %ids {prefix = "l", num_heads = 0 : i64, intermediate_size = 256 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case8(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{intermediate_size must be positive, got 0}}
  %y = bert.encoder_layer %x, %ids {prefix = "l", num_heads = 4 : i64, intermediate_size = 0 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case9(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{pooled output: feature widths differ (64 vs 32)}}
  %p = bert.pooler %x, %ids {prefix = "pooler.dense"} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x32xf32>
  return
}

// -----

func.func @case10(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{a binary classifier has 1 output, got 2}}
  %l, %p = bert.classifier %x {prefix = "classifier", kind = #bert<classifier_kind binary>} : (tensor<?x64xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
  return
}

// -----

func.func @case11(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{a classes classifier needs at least 2 outputs, got 1}}
  %l, %p = bert.classifier %x {prefix = "classifier", kind = #bert<classifier_kind classes>} : (tensor<?x64xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
  return
}

// -----

func.func @case12(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+2 {{expected ::mlir::bert::ClassifierKind to be one of: binary, classes}}
  // expected-error @+1 {{failed to parse Bert_ClassifierKindAttr parameter}}
  %l, %p = bert.classifier %x {prefix = "classifier", kind = #bert<classifier_kind regression>} : (tensor<?x64xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
  return
}

// -----

func.func @case13(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{logits and probabilities must have the same type}}
  %l, %p = bert.classifier %x {prefix = "classifier", kind = #bert<classifier_kind binary>} : (tensor<?x64xf32>) -> (tensor<?x1xf32>, tensor<?x2xf32>)
  return
}

// -----

func.func @case14(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{next-sentence prediction has 2 outputs, got 3}}
  %l, %p = bert.nsp_head %x {prefix = "cls.seq_relationship"} : (tensor<?x64xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>)
  return
}

// -----

func.func @case15(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{hidden_act none is not a layer activation}}
  %m = bert.mlm_head %x {prefix = "cls.predictions", decoder_weight = "w", hidden_act = #bert<activation none>, eps = 1.0e-12 : f64} : (tensor<?x64xf32>) -> tensor<?x100xf32>
  return
}

// -----

func.func @case16(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{weight name must not be empty}}
  %w = bert.weight "" : tensor<4xf32>
  return
}

// -----

func.func @case17(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{result #0 must be statically shaped tensor of 32-bit float values}}
  %w = bert.weight "w" : tensor<?x4xf32>
  return
}

// -----

func.func @case18(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %a = bert.weight "a" : tensor<4x8xf32>
  // expected-error @+1 {{parts have 8 rows in all but the result has 9}}
  %c = bert.concat_weights %a, %a : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<9x8xf32>
  return
}

// -----

func.func @case19(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %a = bert.weight "a" : tensor<4x8xf32>
  // expected-error @+1 {{does not match result 'tensor<4x7xf32>' beyond the first dimension}}
  %c = bert.concat_weights %a : (tensor<4x8xf32>) -> tensor<4x7xf32>
  return
}

// -----

func.func @case20(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %t = bert.weight "t" : tensor<10x32xf32>
  // expected-error @+1 {{gathered rows: feature widths differ (32 vs 64)}}
  %g = bert.gather %t, %ids : (tensor<10x32xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case21(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %t = bert.weight "t" : tensor<10x64xf32>
  %b = bert.weight "b" : tensor<32xf32>
  // expected-error @+1 {{gamma must be tensor<64xf32>, got 'tensor<32xf32>'}}
  %e = bert.fused_embeddings %t, %t, %t, %ids, %ids, %ids, %b, %b {eps = 1.0e-12 : f64} : (tensor<10x64xf32>, tensor<10x64xf32>, tensor<10x64xf32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<32xf32>, tensor<32xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case22(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %w = bert.weight "w" : tensor<16x32xf32>
  %b = bert.weight "b" : tensor<16xf32>
  // expected-error @+1 {{input width 64 does not match the weight's in-dimension 32}}
  %d = bert.dense %x, %w, %b : (tensor<?x64xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @case23(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %w = bert.weight "w" : tensor<16x64xf32>
  %b = bert.weight "b" : tensor<16xf32>
  // expected-error @+1 {{result width 8 does not match the weight's out-dimension 16}}
  %d = bert.dense %x, %w, %b : (tensor<?x64xf32>, tensor<16x64xf32>, tensor<16xf32>) -> tensor<?x8xf32>
  return
}

// -----

func.func @case24(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %w = bert.weight "w" : tensor<16x64xf32>
  %b = bert.weight "b" : tensor<8xf32>
  // expected-error @+1 {{bias must be tensor<16xf32>, got 'tensor<8xf32>'}}
  %d = bert.dense %x, %w, %b : (tensor<?x64xf32>, tensor<16x64xf32>, tensor<8xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @case25(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %w = bert.weight "w" : tensor<16x64xf32>
  %b = bert.weight "b" : tensor<16xf32>
  // expected-error @+2 {{expected ::mlir::bert::Activation to be one of: none, gelu, gelu_tanh, relu, tanh}}
  // expected-error @+1 {{failed to parse Bert_ActivationAttr parameter}}
  %d = bert.dense %x, %w, %b {epilogue = #bert<activation swish>} : (tensor<?x64xf32>, tensor<16x64xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  return
}

// -----

// Tests that an epilogue given as a string, as before the enum attributes, is refused.
func.func @case25b(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %w = bert.weight "w" : tensor<16x64xf32>
  %b = bert.weight "b" : tensor<16xf32>
  // expected-error @+1 {{attribute 'epilogue' failed to satisfy constraint: an activation function}}
  %d = bert.dense %x, %w, %b {epilogue = "gelu"} : (tensor<?x64xf32>, tensor<16x64xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @case26(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %w = bert.weight "w" : tensor<64xf32>
  // expected-error @+1 {{weight must be 2-D [out, in], got 'tensor<64xf32>'}}
  %d = bert.dense %x, %w, %w : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case27(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %g = bert.weight "g" : tensor<32xf32>
  // expected-error @+1 {{gamma must be tensor<64xf32>, got 'tensor<32xf32>'}}
  %n = bert.layer_norm %x, %g, %g {eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case28(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %g = bert.weight "g" : tensor<64xf32>
  // expected-error @+1 {{eps must be positive}}
  %n = bert.layer_norm %x, %g, %g {eps = 0.0 : f64} : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case29(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  %g = bert.weight "g" : tensor<64xf32>
  // expected-error @+1 {{result type must equal the input type}}
  %n = bert.layer_norm %x, %g, %g {eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x32xf32>
  return
}

// -----

func.func @case30(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{hidden width 64 is not divisible by num_heads 3}}
  %a = bert.attention %x, %x, %x, %ids {num_heads = 3 : i64, scale = 0.125 : f64} : (tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case31(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{scale must be positive}}
  %a = bert.attention %x, %x, %x, %ids {num_heads = 4 : i64, scale = 0.0 : f64} : (tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case32(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{query, key, value and result must have the same type}}
  %a = bert.attention %x, %x, %x, %ids {num_heads = 4 : i64, scale = 0.125 : f64} : (tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x32xf32>
  return
}

// -----

func.func @case33(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{qkv width 64 must be 3 x the result width 32}}
  %a = bert.packed_attention %x, %ids {num_heads = 4 : i64, scale = 0.125 : f64} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x32xf32>
  return
}

// -----

// Tests that attention refuses int8 products (it computes f32 or bf16), fused or not.
func.func @attention_int8(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{attention has no int8 arithmetic (f32 or bf16)}}
  %a = bert.attention %x, %x, %x, %ids {num_heads = 4 : i64, scale = 0.125 : f64, precision = #bert<precision int8>} : (tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @packed_attention_int8(%x: tensor<?x192xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{attention has no int8 arithmetic (f32 or bf16)}}
  %a = bert.packed_attention %x, %ids {num_heads = 4 : i64, scale = 0.125 : f64, precision = #bert<precision int8>} : (tensor<?x192xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @case34(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+1 {{selected rows: feature widths differ (64 vs 32)}}
  %f = bert.first_token_rows %x, %ids : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x32xf32>
  return
}

// -----

func.func @case35(%x: tensor<?x64xf32>, %ids: tensor<?xi32>) {
  // expected-error @+2 {{expected ::mlir::bert::GeluApproximation to be one of: none, tanh}}
  // expected-error @+1 {{failed to parse Bert_GeluApproximationAttr parameter}}
  %g = bert.gelu %x {approximate = #bert<gelu_approximation sigmoid>} : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}
// -----

func.func @trait_same_type(%x: tensor<?x64xf32>, %y: tensor<?x32xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %s = bert.add %x, %y : (tensor<?x64xf32>, tensor<?x32xf32>) -> tensor<?x64xf32>
  return
}

// -----

// Tests that the discardable attributes the passes write are verified by the dialect: request
// bounds must be positive integers.
// expected-error @+1 {{bert.max_batch must be an integer of at least 1}}
func.func @bounds(%x: tensor<?x64xf32>) attributes {bert.max_batch = 0 : i64, bert.max_seq_len = 8 : i64} {
  return
}

// -----

// Tests that a model function's bert.precision must be a precision enum, not a word.
// expected-error @+1 {{bert.precision must be a #bert<precision ...> attribute}}
func.func @precision(%x: tensor<?x64xf32>) attributes {bert.precision = "int8"} {
  return
}

// -----

// Tests that a bert.* attribute the dialect does not define is an error, not ignored.
// expected-error @+1 {{unknown attribute bert.max_tokens}}
func.func @unknown(%x: tensor<?x64xf32>) attributes {bert.max_tokens = 8 : i64} {
  return
}

// -----

// Tests that an argument's bert.input names one of the packed inputs.
// expected-error @+1 {{argument 0: bert.input must be one of input_ids, token_type_ids, positions, seq_offsets}}
func.func @input(%ids: tensor<?xi32> {bert.input = "attention_mask"}) {
  return
}

// -----

// Tests that a planned call carries one arena offset per result.
func.func private @kernel(tensor<?x64xf32>) -> tensor<?x64xf32>
func.func @planned(%x: tensor<?x64xf32>) {
  // expected-error @+1 {{bert.result_offsets must be an array<i64> with one entry per result (1)}}
  %y = call @kernel(%x) {bert.result_offsets = array<i64: 0, 64>} : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}

// -----

// Tests that a kernel key is a non-empty string.
// expected-error @+1 {{bert.kernel_key must be a non-empty string}}
func.func private @keyless(tensor<?x64xf32>) -> tensor<?x64xf32> attributes {bert.kernel_key = ""}
