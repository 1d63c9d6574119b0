// RUN: bert-opt %s --bert-fuse-embeddings | FileCheck %s

// Tests that the three gathers, their sum and the LayerNorm (as residual fusion leaves them)
// become one fused_embeddings op with the tables in word, position, type order.
// CHECK-LABEL: func.func @embeddings
// CHECK-DAG: %[[W:.*]] = bert.weight "word"
// CHECK-DAG: %[[T:.*]] = bert.weight "type"
// CHECK-DAG: %[[P:.*]] = bert.weight "pos"
// CHECK-NOT: bert.gather
// CHECK: %[[E:.*]] = bert.fused_embeddings %[[W]], %[[P]], %[[T]], %arg0, %arg2, %arg1, %{{.*}}, %{{.*}} {eps = 9.9999999999999998E-13 : f64}
// CHECK: return %[[E]]
func.func @embeddings(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>) -> tensor<?x8xf32> {
  %w = bert.weight "word" : tensor<100x8xf32>
  %t = bert.weight "type" : tensor<2x8xf32>
  %p = bert.weight "pos" : tensor<16x8xf32>
  %g = bert.weight "g" : tensor<8xf32>
  %b = bert.weight "b" : tensor<8xf32>
  %gw = bert.gather %w, %ids : (tensor<100x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %gt = bert.gather %t, %types : (tensor<2x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %gp = bert.gather %p, %pos : (tensor<16x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %s = bert.add %gw, %gt : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  %n = bert.layer_norm %s, %g, %b, %gp {eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %n : tensor<?x8xf32>
}
