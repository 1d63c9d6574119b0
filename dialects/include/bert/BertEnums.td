//===- BertEnums.td - bert dialect enum attributes ---------*- tablegen -*-===//
//
// The closed word sets ops take (an activation, GELU's approximation, a classifier's kind, a
// dense layer's precision) as
// enum attributes: the parser refuses any other word, and passes compare enumerators, not strings.
// Each prints as `#bert<name word>`, e.g. `{epilogue = #bert<activation gelu>}`.
//
//===----------------------------------------------------------------------===//

#ifndef BERT_ENUMS
#define BERT_ENUMS

include "bert/BertDialect.td"
include "mlir/IR/EnumAttr.td"

def Bert_Activation : I32EnumAttr<"Activation", "an activation function", [
    I32EnumAttrCase<"none", 0>,      // identity: a plain dense
    I32EnumAttrCase<"gelu", 1>,      // x·Φ(x) with erf (Hugging Face "gelu")
    I32EnumAttrCase<"gelu_tanh", 2>, // the tanh approximation (Hugging Face "gelu_new")
    I32EnumAttrCase<"relu", 3>,
    I32EnumAttrCase<"tanh", 4>       // the pooler's
  ]> {
  let cppNamespace = "::mlir::bert";
  let genSpecializedAttr = 0;
}
def Bert_ActivationAttr : EnumAttr<Bert_Dialect, Bert_Activation, "activation">;

def Bert_GeluApproximation : I32EnumAttr<"GeluApproximation", "how GELU is computed", [
    I32EnumAttrCase<"none", 0>, // exact, with erf
    I32EnumAttrCase<"tanh", 1>
  ]> {
  let cppNamespace = "::mlir::bert";
  let genSpecializedAttr = 0;
}
def Bert_GeluApproximationAttr
    : EnumAttr<Bert_Dialect, Bert_GeluApproximation, "gelu_approximation">;

def Bert_ClassifierKind : I32EnumAttr<"ClassifierKind", "a classifier head's output", [
    I32EnumAttrCase<"binary", 0>, // one logit, sigmoid
    I32EnumAttrCase<"classes", 1> // N >= 2 logits, softmax
  ]> {
  let cppNamespace = "::mlir::bert";
  let genSpecializedAttr = 0;
}
def Bert_ClassifierKindAttr : EnumAttr<Bert_Dialect, Bert_ClassifierKind, "classifier_kind">;

def Bert_Precision : I32EnumAttr<"Precision", "the arithmetic of a dense layer", [
    I32EnumAttrCase<"f32", 0>,
    I32EnumAttrCase<"bf16", 1>, // bf16 weights and inputs, f32 accumulation and epilogue
    I32EnumAttrCase<"int8", 2>  // s8 weights per output channel, inputs quantized per row,
                                // i32 accumulation; dequantization fused with the epilogue
  ]> {
  let cppNamespace = "::mlir::bert";
  let genSpecializedAttr = 0;
}
def Bert_PrecisionAttr : EnumAttr<Bert_Dialect, Bert_Precision, "precision">;

#endif // BERT_ENUMS
