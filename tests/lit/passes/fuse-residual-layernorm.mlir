// RUN: bert-opt %s --split-input-file --bert-fuse-residual-layernorm | FileCheck %s

// Tests that layer_norm(add(x, r)) becomes one layer_norm of x with r as its residual.
// CHECK-LABEL: func.func @fused
// CHECK-NOT: bert.add
// CHECK: %[[N:.*]] = bert.layer_norm %arg0, %{{.*}}, %{{.*}}, %arg1 {eps = 9.9999999999999998E-13 : f64}
// CHECK: return %[[N]]
func.func @fused(%x: tensor<?x8xf32>, %r: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %g = bert.weight "g" : tensor<8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %s = bert.add %x, %r : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  %n = bert.layer_norm %s, %g, %b {eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %n : tensor<?x8xf32>
}

// -----

// Tests that the sum is kept, and not fused, when something else reads it.
// CHECK-LABEL: func.func @sum_used_twice
// CHECK: %[[S:.*]] = bert.add
// CHECK: bert.layer_norm %[[S]], %{{.*}}, %{{.*}} {eps
func.func @sum_used_twice(%x: tensor<?x8xf32>, %r: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %g = bert.weight "g" : tensor<8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %s = bert.add %x, %r : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  %n = bert.layer_norm %s, %g, %b {eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %n, %s : tensor<?x8xf32>, tensor<?x8xf32>
}
