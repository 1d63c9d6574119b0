// RUN: bert-opt %s --bert-outline-kernels --bert-plan-buffers | FileCheck %s

// Tests that buffers whose live ranges do not overlap share arena bytes: in a chain
// x -> a -> c -> d -> e of 8 x 8 f32 results, at most two are live at once, so the arena holds
// two buffers and equals the peak of live bytes; e, returned, lives to the end. Each buffer has
// room for 48 rows: the 8 rows rounded up to a 16-row tile, plus two tiles that kernels may read
// past the end (48 x 8 x 4 = 1536 bytes).
// CHECK-LABEL: func.func @chain
// CHECK-SAME: bert.arena_bytes = 3072 : i64
// CHECK-SAME: bert.peak_live_bytes = 3072 : i64
// CHECK: call @gather_8({{.*}}bert.result_bytes = array<i64: 1536>, bert.result_offsets = array<i64: [[X:[0-9]+]]>}
// CHECK: call @dense_8x8({{.*}}bert.result_offsets = array<i64: [[Y:[0-9]+]]>}
// CHECK: call @dense_8x8({{.*}}bert.result_offsets = array<i64: [[X]]>}
// CHECK: call @dense_8x8({{.*}}bert.result_offsets = array<i64: [[Y]]>}
// CHECK: call @dense_8x8({{.*}}bert.result_offsets = array<i64: [[X]]>}
func.func @chain(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 4 : i64} {
  %t = bert.weight "t" : tensor<10x8xf32>
  %x = bert.gather %t, %ids : (tensor<10x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %a = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = bert.dense %a, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %d = bert.dense %c, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %e = bert.dense %d, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %e : tensor<?x8xf32>
}

// Tests that a value used late (a residual) stays live across the calls in between: a, d and
// the LayerNorm's result are live together, so the peak and the arena are 3 x 1536 bytes.
// CHECK-LABEL: func.func @residual
// CHECK-SAME: bert.arena_bytes = 4608 : i64
// CHECK-SAME: bert.peak_live_bytes = 4608 : i64
func.func @residual(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 4 : i64} {
  %t = bert.weight "t" : tensor<10x8xf32>
  %x = bert.gather %t, %ids : (tensor<10x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %a = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = bert.dense %a, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %d = bert.dense %c, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %n = bert.layer_norm %d, %b, %b, %a {eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %n : tensor<?x8xf32>
}
