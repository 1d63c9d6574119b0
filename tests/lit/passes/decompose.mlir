// RUN: bert-opt %s --bert-decompose | FileCheck %s

// Tests that embeddings become three gathers summed as Hugging Face's BertEmbeddings does
// (word + token type, then + position) and a LayerNorm, with weights named under the prefix.
// CHECK-LABEL: func.func @embeddings
// CHECK-DAG: %[[W:.*]] = bert.weight "embeddings.word_embeddings.weight" : tensor<100x8xf32>
// CHECK-DAG: %[[T:.*]] = bert.weight "embeddings.token_type_embeddings.weight" : tensor<2x8xf32>
// CHECK-DAG: %[[P:.*]] = bert.weight "embeddings.position_embeddings.weight" : tensor<16x8xf32>
// CHECK-DAG: %[[GW:.*]] = bert.gather %[[W]], %arg0
// CHECK-DAG: %[[GT:.*]] = bert.gather %[[T]], %arg1
// CHECK-DAG: %[[GP:.*]] = bert.gather %[[P]], %arg2
// CHECK: %[[S1:.*]] = bert.add %[[GW]], %[[GT]]
// CHECK: %[[S2:.*]] = bert.add %[[S1]], %[[GP]]
// CHECK: bert.weight "embeddings.LayerNorm.weight"
// CHECK: bert.weight "embeddings.LayerNorm.bias"
// CHECK: bert.layer_norm %[[S2]]
// CHECK-NOT: bert.embeddings
func.func @embeddings(%ids: tensor<?xi32>, %types: tensor<?xi32>, %pos: tensor<?xi32>) -> tensor<?x8xf32> {
  %h = bert.embeddings %ids, %types, %pos {prefix = "embeddings", vocab_size = 100 : i64, max_positions = 16 : i64, type_vocab_size = 2 : i64, eps = 1.0e-12 : f64} : (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %h : tensor<?x8xf32>
}

// Tests that an encoder layer becomes Q/K/V projections, attention scaled by 1/sqrt(head size),
// output projection, residual add and LayerNorm, then the feed-forward block with its
// activation, residual add and LayerNorm (post-LN, as BertLayer).
// CHECK-LABEL: func.func @layer
// CHECK: bert.weight "encoder.layer.3.attention.self.query.weight" : tensor<8x8xf32>
// CHECK: %[[Q:.*]] = bert.dense %arg0
// CHECK: bert.weight "encoder.layer.3.attention.self.key.weight"
// CHECK: %[[K:.*]] = bert.dense %arg0
// CHECK: bert.weight "encoder.layer.3.attention.self.value.weight"
// CHECK: %[[V:.*]] = bert.dense %arg0
// CHECK: %[[C:.*]] = bert.attention %[[Q]], %[[K]], %[[V]], %arg1 {num_heads = 2 : i64, scale = 5.000000e-01 : f64}
// CHECK: bert.weight "encoder.layer.3.attention.output.dense.weight" : tensor<8x8xf32>
// CHECK: %[[O:.*]] = bert.dense %[[C]]
// CHECK: %[[R1:.*]] = bert.add %[[O]], %arg0
// CHECK: %[[A:.*]] = bert.layer_norm %[[R1]]
// CHECK: bert.weight "encoder.layer.3.intermediate.dense.weight" : tensor<16x8xf32>
// CHECK: %[[I:.*]] = bert.dense %[[A]]
// CHECK: %[[G:.*]] = bert.gelu %[[I]] :
// CHECK: bert.weight "encoder.layer.3.output.dense.weight" : tensor<8x16xf32>
// CHECK: %[[F:.*]] = bert.dense %[[G]]
// CHECK: %[[R2:.*]] = bert.add %[[F]], %[[A]]
// CHECK: bert.weight "encoder.layer.3.output.LayerNorm.weight"
// CHECK: bert.layer_norm %[[R2]]
func.func @layer(%x: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %y = bert.encoder_layer %x, %offsets {prefix = "encoder.layer.3", num_heads = 2 : i64, intermediate_size = 16 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// Tests that hidden_act selects the activation: gelu_tanh is the tanh-approximated GELU, relu
// is relu.
// CHECK-LABEL: func.func @activations
// CHECK: bert.gelu %{{.*}} {approximate = #bert<gelu_approximation tanh>}
// CHECK: bert.relu
func.func @activations(%x: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> {
  %a = bert.encoder_layer %x, %offsets {prefix = "l0", num_heads = 2 : i64, intermediate_size = 16 : i64, hidden_act = #bert<activation gelu_tanh>, eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %b = bert.encoder_layer %a, %offsets {prefix = "l1", num_heads = 2 : i64, intermediate_size = 16 : i64, hidden_act = #bert<activation relu>, eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %b : tensor<?x8xf32>
}

// Tests that the pooler reads each sequence's first row, and that a binary head is a dense with
// a sigmoid, a classes head a dense with a softmax, NSP a 2-way softmax, and the MLM head a
// transform (dense, activation, LayerNorm) and a decoder tied to the word embeddings.
// CHECK-LABEL: func.func @heads
// CHECK: %[[F:.*]] = bert.first_token_rows %arg0, %arg1
// CHECK: bert.weight "pooler.dense.weight" : tensor<8x8xf32>
// CHECK: %[[PD:.*]] = bert.dense %[[F]]
// CHECK: %[[P:.*]] = bert.tanh %[[PD]]
// CHECK: bert.weight "classifier.weight" : tensor<1x8xf32>
// CHECK: %[[L:.*]] = bert.dense %[[P]]
// CHECK: bert.sigmoid %[[L]]
// CHECK: bert.weight "topic.weight" : tensor<3x8xf32>
// CHECK: %[[L3:.*]] = bert.dense %[[P]]
// CHECK: bert.softmax %[[L3]]
// CHECK: bert.weight "cls.seq_relationship.weight" : tensor<2x8xf32>
// CHECK: bert.softmax
// CHECK: bert.weight "cls.predictions.transform.dense.weight" : tensor<8x8xf32>
// CHECK: bert.gelu
// CHECK: bert.weight "cls.predictions.transform.LayerNorm.weight"
// CHECK: bert.layer_norm
// CHECK: bert.weight "embeddings.word_embeddings.weight" : tensor<100x8xf32>
// CHECK: bert.weight "cls.predictions.bias" : tensor<100xf32>
// CHECK: bert.dense {{.*}} -> tensor<?x100xf32>
func.func @heads(%y: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> (tensor<?x1xf32>, tensor<?x3xf32>, tensor<?x2xf32>, tensor<?x100xf32>) {
  %p = bert.pooler %y, %offsets {prefix = "pooler.dense"} : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %l, %pr = bert.classifier %p {prefix = "classifier", kind = #bert<classifier_kind binary>} : (tensor<?x8xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
  %l3, %p3 = bert.classifier %p {prefix = "topic", kind = #bert<classifier_kind classes>} : (tensor<?x8xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>)
  %nl, %np = bert.nsp_head %p {prefix = "cls.seq_relationship"} : (tensor<?x8xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
  %m = bert.mlm_head %y {prefix = "cls.predictions", decoder_weight = "embeddings.word_embeddings.weight", hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x8xf32>) -> tensor<?x100xf32>
  return %pr, %p3, %np, %m : tensor<?x1xf32>, tensor<?x3xf32>, tensor<?x2xf32>, tensor<?x100xf32>
}

// Tests that a model function's bert.precision reaches the encoder layer's six denses and the
// pooler's, and not a head's dense, which stays f32; an int8 model's attention stays f32 too.
// CHECK-LABEL: func.func @int8_model
// CHECK-NOT: bert.attention {{.*}}precision
// CHECK-COUNT-7: bert.dense {{.*}}{precision = #bert<precision int8>}
// CHECK: bert.weight "classifier.weight"
// CHECK: bert.dense
// CHECK-NOT: precision
// CHECK: bert.sigmoid
func.func @int8_model(%x: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x1xf32> attributes {bert.precision = #bert<precision int8>} {
  %h = bert.encoder_layer %x, %offsets {prefix = "l0", num_heads = 2 : i64, intermediate_size = 16 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %p = bert.pooler %h, %offsets {prefix = "pooler.dense"} : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  %l, %pr = bert.classifier %p {prefix = "classifier", kind = #bert<classifier_kind binary>} : (tensor<?x8xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
  return %pr : tensor<?x1xf32>
}

// Tests that a bf16 model's attention rounds its operands (precision bf16) like its denses.
// CHECK-LABEL: func.func @bf16_model
// CHECK: bert.attention {{.*}}precision = #bert<precision bf16>
func.func @bf16_model(%x: tensor<?x8xf32>, %offsets: tensor<?xi32>) -> tensor<?x8xf32> attributes {bert.precision = #bert<precision bf16>} {
  %h = bert.encoder_layer %x, %offsets {prefix = "l0", num_heads = 2 : i64, intermediate_size = 16 : i64, hidden_act = #bert<activation gelu>, eps = 1.0e-12 : f64} : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<?x8xf32>
  return %h : tensor<?x8xf32>
}
