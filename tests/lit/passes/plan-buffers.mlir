// RUN: bert-opt %s --bert-outline-kernels --bert-plan-buffers | FileCheck %s

// Tests that buffers whose live ranges do not overlap share arena bytes: in a chain
// x -> a -> c -> d -> e of 8 x 8 f32 results, at most two are live at once, so the arena holds
// two buffers and equals the peak of live bytes; e, returned, lives to the end. Each buffer has
// room for its 8 rows rounded up to a 16-row tile (16 x 8 x 4 = 512 bytes): no kernel here
// declares a bert.row_slack.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: bert.arena_bytes = 1024 : i64
// CHECK-SAME: bert.peak_live_bytes = 1024 : i64
// CHECK: call @gather_8({{.*}}bert.result_bytes = array<i64: 512>, bert.result_offsets = array<i64: [[X:[0-9]+]]>}
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
// the LayerNorm's result are live together, so the peak and the arena are 3 x 512 bytes.
// CHECK-LABEL: func.func @residual
// CHECK-SAME: bert.arena_bytes = 1536 : i64
// CHECK-SAME: bert.peak_live_bytes = 1536 : i64
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

// Tests that a kernel's bert.row_slack (20 rows here, rounded up to two 16-row tiles) is
// reserved in every buffer of the model, not only in those that kernel touches: each of the four
// results gets 16 + 32 rows (48 x 8 x 4 = 1536 bytes).
// CHECK-LABEL: func.func @slack
// CHECK: call @gather({{.*}}bert.result_bytes = array<i64: 1536>
// CHECK: call @reads_past({{.*}}bert.result_bytes = array<i64: 1536>
// CHECK: call @dense({{.*}}bert.result_bytes = array<i64: 1536>
// CHECK: call @dense({{.*}}bert.result_bytes = array<i64: 1536>
func.func private @gather(%t: tensor<10x8xf32>, %ids: tensor<?xi32>) -> tensor<?x8xf32> attributes {bert.kernel_key = "g"} {
  %r = bert.gather %t, %ids : (tensor<10x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}
func.func private @reads_past(%x: tensor<?x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> attributes {bert.kernel_key = "r", bert.row_slack = 20 : i64} {
  %r = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}
func.func private @dense(%x: tensor<?x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> attributes {bert.kernel_key = "d"} {
  %r = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}
func.func @slack(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 4 : i64} {
  %t = bert.weight "t" : tensor<10x8xf32>
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %x = call @gather(%t, %ids) {bert.max_rows = array<i64: 8>} : (tensor<10x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %a = call @reads_past(%x, %w, %b) {bert.max_rows = array<i64: 8>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = call @dense(%a, %w, %b) {bert.max_rows = array<i64: 8>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %d = call @dense(%c, %w, %b) {bert.max_rows = array<i64: 8>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %d : tensor<?x8xf32>
}
