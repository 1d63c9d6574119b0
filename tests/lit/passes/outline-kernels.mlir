// RUN: bert-opt %s --bert-outline-kernels | FileCheck %s

// Tests that each compute op becomes a call to a private kernel function, that ops with the
// same key (op, types, attributes) share one kernel while a different epilogue makes another,
// that weights stay in the caller as operands, and that calls record their row bounds:
// max_batch x max_seq_len = 8 token rows, max_batch = 2 sequence rows.
// CHECK-LABEL: func.func @model
// CHECK: %[[X:.*]] = call @gather_8(%{{.*}}, %arg0) {bert.max_rows = array<i64: 8>}
// CHECK: %[[W:.*]] = bert.weight "w" : tensor<8x8xf32>
// CHECK: %[[A:.*]] = call @dense_8x8(%[[X]], %[[W]], %{{.*}}) {bert.max_rows = array<i64: 8>}
// CHECK: %[[B:.*]] = call @dense_8x8(%[[A]], %[[W]], %{{.*}}) {bert.max_rows = array<i64: 8>}
// CHECK: %[[C:.*]] = call @dense_8x8_gelu(%[[B]], %[[W]], %{{.*}}) {bert.max_rows = array<i64: 8>}
// CHECK: call @dense_8x8_tanh_first_rows(%[[C]], %[[W]], %{{.*}}, %arg3) {bert.max_rows = array<i64: 2>}
// CHECK: func.func private @gather_8
// CHECK: func.func private @dense_8x8(%{{.*}}: tensor<?x8xf32>, %{{.*}}: tensor<8x8xf32>, %{{.*}}: tensor<8xf32>) -> tensor<?x8xf32>
// CHECK-SAME: bert.kernel_key = "bert.dense(tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>)->(tensor<?x8xf32>){epilogue = \22none\22}"
// CHECK-NEXT: bert.dense
// CHECK-NEXT: return
// CHECK: func.func private @dense_8x8_gelu
// CHECK: func.func private @dense_8x8_tanh_first_rows
// CHECK-NOT: func.func private
func.func @model(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> attributes {bert.max_batch = 2 : i64, bert.max_seq_len = 4 : i64} {
  %t = bert.weight "t" : tensor<10x8xf32>
  %x = bert.gather %t, %ids : (tensor<10x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %a = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %c = bert.dense %a, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %d = bert.dense %c, %w, %b {epilogue = #bert<activation gelu>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %p = bert.dense %d, %w, %b, %offsets {epilogue = #bert<activation tanh>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %p : tensor<?x8xf32>
}
