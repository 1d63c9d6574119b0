// RUN: bert-opt %s --split-input-file --verify-diagnostics --bert-verify-shapes

// Tests that a well-formed model function passes.
func.func @ok(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 16 : i64} {
  %h = bert.embeddings %ids, %types, %pos {prefix = "embeddings", vocab_size = 100 : i64, max_positions = 16 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %h : tensor<?x8xf32>
}

// -----

// Tests that max_seq_len beyond the position table is rejected.
func.func @too_long(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 17 : i64} {
  // expected-error @+1 {{bert.max_seq_len 17 exceeds the 16 position embeddings}}
  %h = bert.embeddings %ids, %types, %pos {prefix = "embeddings", vocab_size = 100 : i64, max_positions = 16 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %h : tensor<?x8xf32>
}

// -----

// Tests that one weight name used with two shapes is rejected.
func.func @two_shapes(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 16 : i64} {
  %a = bert.weight "w" : tensor<8x8xf32>
  // expected-error @+1 {{weight 'w' is used as 'tensor<8x4xf32>' here but as 'tensor<8x8xf32>' elsewhere}}
  %b = bert.weight "w" : tensor<8x4xf32>
  return
}

// -----

// Tests that the model function must take the four packed inputs.
// expected-error @+1 {{model function takes (input_ids, token_type_ids, positions, seq_offsets), each tensor<?xi32>}}
func.func @bad_signature(%ids: tensor<?xi32>) attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 16 : i64} {
  return
}

// -----

// Tests that layers of different widths are rejected.
func.func @widths(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 16 : i64} {
  %x = bert.embeddings %ids, %types, %pos {prefix = "e8", vocab_size = 100 : i64, max_positions = 16 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x8xf32>
  %y = bert.embeddings %ids, %types, %pos {prefix = "e16", vocab_size = 100 : i64, max_positions = 16 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x16xf32>
  %a = bert.encoder_layer %x, %offsets {prefix = "l0", num_heads = 2 : i64, intermediate_size = 16 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  // expected-error @+1 {{hidden width 16 differs from the first layer's 8}}
  %b = bert.encoder_layer %y, %offsets {prefix = "l1", num_heads = 2 : i64, intermediate_size = 16 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x16xf32>, tensor<?xi32>) -> tensor<?x16xf32>
  return
}
