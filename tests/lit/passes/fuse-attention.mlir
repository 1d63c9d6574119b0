// RUN: bert-opt %s --split-input-file --bert-fuse-attention | FileCheck %s

// Tests that the Q, K and V projections of one input become a single dense with weights and
// biases concatenated in Q, K, V order, read in place by a packed attention.
// CHECK-LABEL: func.func @qkv
// CHECK-DAG: %[[WQ:.*]] = bert.weight "q.weight"
// CHECK-DAG: %[[WK:.*]] = bert.weight "k.weight"
// CHECK-DAG: %[[WV:.*]] = bert.weight "v.weight"
// CHECK-DAG: %[[BQ:.*]] = bert.weight "q.bias"
// CHECK-DAG: %[[BK:.*]] = bert.weight "k.bias"
// CHECK-DAG: %[[BV:.*]] = bert.weight "v.bias"
// CHECK: %[[W:.*]] = bert.concat_weights %[[WQ]], %[[WK]], %[[WV]] : (tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<24x8xf32>
// CHECK: %[[B:.*]] = bert.concat_weights %[[BQ]], %[[BK]], %[[BV]] : {{.*}} -> tensor<24xf32>
// CHECK: %[[QKV:.*]] = bert.dense %arg0, %[[W]], %[[B]] : {{.*}} -> tensor<?x24xf32>
// CHECK: %[[C:.*]] = bert.packed_attention %[[QKV]], %arg1 {num_heads = 2 : i64, scale = 5.000000e-01 : f64}
// CHECK-NOT: bert.attention
// CHECK: return %[[C]]
func.func @qkv(%x: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %wq = bert.weight "q.weight" : tensor<8x8xf32>
  %bq = bert.weight "q.bias" : tensor<8xf32>
  %wk = bert.weight "k.weight" : tensor<8x8xf32>
  %bk = bert.weight "k.bias" : tensor<8xf32>
  %wv = bert.weight "v.weight" : tensor<8x8xf32>
  %bv = bert.weight "v.bias" : tensor<8xf32>
  %q = bert.dense %x, %wq, %bq : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %k = bert.dense %x, %wk, %bk : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %v = bert.dense %x, %wv, %bv : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = bert.attention %q, %k, %v, %offsets {num_heads = 2 : i64, scale = 0.5 : f64} : (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %c : tensor<?x8xf32>
}

// -----

// Tests that projections of different inputs (cross-attention shape) are left alone.
// CHECK-LABEL: func.func @different_inputs
// CHECK: bert.attention
// CHECK-NOT: bert.packed_attention
func.func @different_inputs(%x: tensor<?x8xf32>, %y: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %q = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %k = bert.dense %y, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %v = bert.dense %y, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = bert.attention %q, %k, %v, %offsets {num_heads = 2 : i64, scale = 0.5 : f64} : (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %c : tensor<?x8xf32>
}

// -----

// Tests that int8 projections fuse into an int8 dense.
// CHECK-LABEL: func.func @int8_qkv
// CHECK: bert.dense {{.*}} {precision = #bert<precision int8>} : {{.*}} -> tensor<?x24xf32>
// CHECK: bert.packed_attention
func.func @int8_qkv(%x: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %q = bert.dense %x, %w, %b {precision = #bert<precision int8>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %k = bert.dense %x, %w, %b {precision = #bert<precision int8>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %v = bert.dense %x, %w, %b {precision = #bert<precision int8>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = bert.attention %q, %k, %v, %offsets {num_heads = 2 : i64, scale = 0.5 : f64} : (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %c : tensor<?x8xf32>
}

// -----

// Tests that projections of different precisions are left alone: one dense cannot be both.
// CHECK-LABEL: func.func @mixed_precision
// CHECK: bert.attention
// CHECK-NOT: bert.packed_attention
func.func @mixed_precision(%x: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %q = bert.dense %x, %w, %b {precision = #bert<precision int8>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %k = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %v = bert.dense %x, %w, %b {precision = #bert<precision int8>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = bert.attention %q, %k, %v, %offsets {num_heads = 2 : i64, scale = 0.5 : f64} : (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %c : tensor<?x8xf32>
}

// -----

// Tests that a bf16 attention stays bf16 when it reads the fused projection.
// CHECK-LABEL: func.func @bf16_attention
// CHECK: bert.dense {{.*}} {precision = #bert<precision bf16>} : {{.*}} -> tensor<?x24xf32>
// CHECK: bert.packed_attention {{.*}} {num_heads = 2 : i64, precision = #bert<precision bf16>, scale = 5.000000e-01 : f64}
func.func @bf16_attention(%x: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %q = bert.dense %x, %w, %b {precision = #bert<precision bf16>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %k = bert.dense %x, %w, %b {precision = #bert<precision bf16>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %v = bert.dense %x, %w, %b {precision = #bert<precision bf16>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = bert.attention %q, %k, %v, %offsets {num_heads = 2 : i64, scale = 0.5 : f64, precision = #bert<precision bf16>} : (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %c : tensor<?x8xf32>
}
