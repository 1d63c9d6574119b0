// RUN: bert-opt %s --split-input-file --bert-fuse-epilogues | FileCheck %s

// Tests that a GELU, tanh-GELU or relu consuming a dense folds into that dense's epilogue.
// CHECK-LABEL: func.func @activation_into_dense
// CHECK: %[[D:.*]] = bert.dense %arg0, %{{.*}}, %{{.*}} {epilogue = #bert<activation gelu>}
// CHECK-NEXT: %[[E:.*]] = bert.dense %[[D]], %{{.*}}, %{{.*}} {epilogue = #bert<activation gelu_tanh>}
// CHECK-NEXT: %[[F:.*]] = bert.dense %[[E]], %{{.*}}, %{{.*}} {epilogue = #bert<activation relu>}
// CHECK-NEXT: return %[[F]]
func.func @activation_into_dense(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %d = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %g = bert.gelu %d : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %e = bert.dense %g, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %t = bert.gelu %e {approximate = #bert<gelu_approximation tanh>} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %f = bert.dense %t, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %r = bert.relu %f : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}

// -----

// Tests that an activation is not fused when the dense's plain output has another user.
// CHECK-LABEL: func.func @shared_output
// CHECK: %[[D:.*]] = bert.dense %arg0, %{{.*}}, %{{.*}} :
// CHECK: bert.gelu %[[D]]
func.func @shared_output(%x: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %w = bert.weight "w" : tensor<8x8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %d = bert.dense %x, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %g = bert.gelu %d : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %d, %g : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// Tests that the pooler's [CLS] selection and tanh both fold into its dense, which then reads
// the first row of each sequence itself.
// CHECK-LABEL: func.func @pooler
// CHECK-NOT: bert.first_token_rows
// CHECK: %[[P:.*]] = bert.dense %arg0, %{{.*}}, %{{.*}}, %arg1 {epilogue = #bert<activation tanh>}
// CHECK-NOT: bert.tanh
// CHECK: return %[[P]]
func.func @pooler(%y: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %w = bert.weight "pooler.dense.weight" : tensor<8x8xf32>
  %b = bert.weight "pooler.dense.bias" : tensor<8xf32>
  %f = bert.first_token_rows %y, %offsets : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %d = bert.dense %f, %w, %b : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %t = bert.tanh %d : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %t : tensor<?x8xf32>
}

// -----

// Tests that folding the [CLS] selection into a bf16 pooler dense keeps its precision.
// CHECK-LABEL: func.func @bf16_pooler
// CHECK: bert.dense %arg0, %{{.*}}, %{{.*}}, %arg1 {epilogue = #bert<activation tanh>, precision = #bert<precision bf16>}
func.func @bf16_pooler(%y: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %w = bert.weight "pooler.dense.weight" : tensor<8x8xf32>
  %b = bert.weight "pooler.dense.bias" : tensor<8xf32>
  %f = bert.first_token_rows %y, %offsets : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %d = bert.dense %f, %w, %b {precision = #bert<precision bf16>} : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %t = bert.tanh %d : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %t : tensor<?x8xf32>
}
