// Tests that every bert op prints and parses back to the same IR, in the custom and the generic
// form.
// RUN: bert-opt %s | bert-opt | FileCheck %s
// RUN: bert-opt %s --mlir-print-op-generic | bert-opt | FileCheck %s

// CHECK-LABEL: func.func @model_level
func.func @model_level(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>, %offsets: tensor<?xi32>) {
  // CHECK: bert.embeddings %{{.*}}, %{{.*}}, %{{.*}} {eps = 9.9999999999999998E-13 : f64, max_positions = 512 : i64, prefix = "embeddings", type_vocab_size = 2 : i64, vocab_size = 30522 : i64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x64xf32>
  %h = bert.embeddings %ids, %types, %pos {prefix = "embeddings", vocab_size = 30522 : i64, max_positions = 512 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x64xf32>
  // CHECK: bert.encoder_layer {{.*}} {eps = 9.9999999999999998E-13 : f64, hidden_act = #bert<activation gelu>, intermediate_size = 256 : i64, num_heads = 4 : i64, prefix = "encoder.layer.0"} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  %y = bert.encoder_layer %h, %offsets {prefix = "encoder.layer.0", num_heads = 4 : i64, intermediate_size = 256 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  // CHECK: bert.pooler {{.*}} {prefix = "pooler.dense"}
  %p = bert.pooler %y, %offsets {prefix = "pooler.dense"} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  // CHECK: bert.classifier {{.*}} {kind = #bert<classifier_kind binary>, prefix = "classifier"} : (tensor<?x64xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
  %l, %pr = bert.classifier %p {prefix = "classifier", kind = #bert<classifier_kind binary>} : (tensor<?x64xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
  // CHECK: bert.classifier {{.*}} {kind = #bert<classifier_kind classes>, prefix = "topic"} : (tensor<?x64xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>)
  %l3, %p3 = bert.classifier %p {prefix = "topic", kind = #bert<classifier_kind classes>} : (tensor<?x64xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>)
  // CHECK: bert.nsp_head {{.*}} {prefix = "cls.seq_relationship"} : (tensor<?x64xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
  %nl, %np = bert.nsp_head %p {prefix = "cls.seq_relationship"} : (tensor<?x64xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
  // CHECK: bert.mlm_head {{.*}} {decoder_weight = "embeddings.word_embeddings.weight", eps = 9.9999999999999998E-13 : f64, hidden_act = #bert<activation gelu>, prefix = "cls.predictions"} : (tensor<?x64xf32>) -> tensor<?x30522xf32>
  %m = bert.mlm_head %y {prefix = "cls.predictions", decoder_weight = "embeddings.word_embeddings.weight", hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x64xf32>) -> tensor<?x30522xf32>
  return
}

// CHECK-LABEL: func.func @tensor_level
func.func @tensor_level(%ids: tensor<?xi32>, %offsets: tensor<?xi32>, %x: tensor<?x64xf32>) {
  // CHECK: bert.weight "encoder.layer.0.attention.self.query.weight" : tensor<64x64xf32>
  %wq = bert.weight "encoder.layer.0.attention.self.query.weight" : tensor<64x64xf32>
  %wk = bert.weight "encoder.layer.0.attention.self.key.weight" : tensor<64x64xf32>
  %b = bert.weight "encoder.layer.0.attention.self.query.bias" : tensor<64xf32>
  %table = bert.weight "embeddings.word_embeddings.weight" : tensor<100x64xf32>
  // CHECK: bert.concat_weights {{.*}} : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<128x64xf32>
  %cat = bert.concat_weights %wq, %wk : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<128x64xf32>
  // CHECK: bert.gather {{.*}} : (tensor<100x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  %g = bert.gather %table, %ids : (tensor<100x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  // CHECK: bert.fused_embeddings {{.*}} {eps = 9.9999999999999998E-13 : f64}
  %e = bert.fused_embeddings %table, %table, %table, %ids, %ids, %ids, %b, %b {eps = 1.0e-12 : f64} : (tensor<100x64xf32>, tensor<100x64xf32>, tensor<100x64xf32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.dense {{.*}} : (tensor<?x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %d = bert.dense %x, %wq, %b : (tensor<?x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.dense {{.*}} {epilogue = #bert<activation tanh>} : (tensor<?x64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  %dp = bert.dense %x, %wq, %b, %offsets {epilogue = #bert<activation tanh>} : (tensor<?x64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  // CHECK: bert.dense {{.*}} {precision = #bert<precision int8>} : (tensor<?x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %dq = bert.dense %x, %wq, %b {precision = #bert<precision int8>} : (tensor<?x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.layer_norm {{.*}} {eps = 9.9999999999999998E-13 : f64} : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %n = bert.layer_norm %d, %b, %b {eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.layer_norm {{.*}} : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %nr = bert.layer_norm %d, %b, %b, %x {eps = 1.0e-12 : f64} : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.attention {{.*}} {num_heads = 4 : i64, scale = 2.500000e-01 : f64}
  %a = bert.attention %x, %x, %x, %offsets {num_heads = 4 : i64, scale = 0.25 : f64} : (tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  // CHECK: bert.attention {{.*}} {num_heads = 4 : i64, precision = #bert<precision bf16>, scale = 2.500000e-01 : f64}
  %ab = bert.attention %x, %x, %x, %offsets {num_heads = 4 : i64, scale = 0.25 : f64, precision = #bert<precision bf16>} : (tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  // CHECK: bert.first_token_rows {{.*}} : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  %f = bert.first_token_rows %x, %offsets : (tensor<?x64xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  // CHECK: bert.add
  %s = bert.add %x, %d : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.gelu {{.*}} {approximate = #bert<gelu_approximation tanh>}
  %ge = bert.gelu %s {approximate = #bert<gelu_approximation tanh>} : (tensor<?x64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.relu
  %r = bert.relu %s : (tensor<?x64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.tanh
  %t = bert.tanh %s : (tensor<?x64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.sigmoid
  %sg = bert.sigmoid %s : (tensor<?x64xf32>) -> tensor<?x64xf32>
  // CHECK: bert.softmax
  %sm = bert.softmax %s : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}

// CHECK-LABEL: func.func @packed
func.func @packed(%qkv: tensor<?x192xf32>, %offsets: tensor<?xi32>) -> tensor<?x64xf32> {
  // CHECK: bert.packed_attention {{.*}} {num_heads = 4 : i64, scale = 1.250000e-01 : f64} : (tensor<?x192xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  %c = bert.packed_attention %qkv, %offsets {num_heads = 4 : i64, scale = 0.125 : f64} : (tensor<?x192xf32>, tensor<?xi32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}
