// The kernel manifest: the boundary between the MLIR half of bertc and the Halide half.
//
// Plain data, no MLIR: which distinct kernels a model needs (with their dedup key, op kind,
// shapes, epilogue and the weights they read), the sequence of calls with arena offsets, and the
// model's inputs and outputs. Code generation, schedules and the tuner read only this; the JSON
// form is what `bertc compile --emit=kernels` prints.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bertc {

// A tensor shape; -1 marks the dynamic row dimension.
using Shape = std::vector<int64_t>;

// The op a kernel computes; each has one kernel kind in codegen/kernels/. Spelled in the JSON
// (and in kernel keys and algorithm hashes) by kernelOpName().
enum class KernelOp {
  Add,
  Dense,
  FusedEmbeddings,
  Gather,
  Gelu,
  LayerNorm,
  PackedAttention,
  Relu,
  Sigmoid,
  Softmax,
  Tanh,
};

// Which form of its op a kernel takes, where an op has more than one.
enum class KernelVariant {
  Plain,
  FirstRows, // dense: its rows are each sequence's first token, picked by offset (the pooler)
  Residual,  // layer_norm: normalizes a + residual
};

// The function applied last: dense's epilogue, or the function of an activation kernel (gelu's
// exact or tanh-approximated form).
enum class Activation { None, Gelu, GeluTanh, Relu, Tanh };

// The arithmetic of a dense's or an attention's products (the dialect's #bert<precision>;
// attention is f32 or bf16); every other kernel is f32.
enum class KernelPrecision { F32, BF16, Int8 };

const char* kernelOpName(KernelOp op);
const char* precisionName(KernelPrecision precision);
const char* variantName(KernelVariant variant);
const char* activationName(Activation activation);
// The inverses; false when `name` names none.
bool parseKernelOp(const std::string& name, KernelOp& op);
bool parseVariant(const std::string& name, KernelVariant& variant);
bool parseActivation(const std::string& name, Activation& activation);
bool parsePrecision(const std::string& name, KernelPrecision& precision);

struct KernelSpec {
  std::string name; // symbol, e.g. dense_768x3072_gelu
  std::string key;  // deduplication key: op, operand/result types, attributes
  KernelOp op = KernelOp::Dense;
  KernelVariant variant = KernelVariant::Plain;
  std::string dtype = "f32";
  Activation epilogue = Activation::None;
  KernelPrecision precision = KernelPrecision::F32;
  std::map<std::string, double> attributes; // eps, num_heads, scale
  std::vector<Shape> operands;
  std::vector<bool> operandIsWeight; // per operand: read from the weights, not the arena
  std::vector<Shape> results;
  int64_t calls = 0;
  // Rows past the request's rows (rounded up to the row granule) the kernel may read from its
  // row operands or write to its results; the buffer planner leaves that much room in every
  // buffer the kernel touches (KernelKind::rowSlack, carried on the kernel as bert.row_slack).
  int64_t rowSlack = 0;

  // A numeric attribute; std::out_of_range naming it when the kernel lacks it.
  double attribute(const std::string& name) const;
};

// Where one call argument comes from.
struct CallArg {
  enum class Source { Input, Weight, Buffer };
  Source source = Source::Buffer;
  std::string input; // Source::Input: input_ids, token_type_ids, positions, seq_offsets
  std::vector<std::string> weights; // Source::Weight: one name, or several concatenated on axis 0
  int64_t offset = 0, bytes = 0;    // Source::Buffer: arena range
};

struct CallResult {
  int64_t offset = 0, bytes = 0;
  int64_t maxRows = 0, width = 0;
};

struct KernelCall {
  std::string kernel;
  std::vector<CallArg> args;
  std::vector<CallResult> results;
};

struct ModelOutput {
  std::string name; // <head>.logits, <head>.probabilities, <head>.pooled_output, ...
  int64_t offset = 0, maxRows = 0, width = 0;
};

struct WeightSpec {
  std::string name; // Hugging Face name, as bert.weight refers to it
  Shape shape;
};

// A head as the classify API sees it. Kind is the YAML word (binary, classes, ...): the manifest
// does not depend on the frontend.
struct HeadFacts {
  std::string name, kind;
  std::vector<std::string> labels;
};

// What the runtime checks inputs against and what the classify API needs to turn text into
// labels: the model's input bounds, heads and tokenizer settings.
struct ModelFacts {
  int64_t vocabSize = 0, typeVocabSize = 0, maxPositions = 0;
  std::vector<HeadFacts> heads;
  std::string vocabPath; // absolute; empty when the YAML has no tokenizer
  bool lowercase = true, stripAccents = true;
  bool vocabPadded = false; // the embedding table may have more rows than the vocabulary
};

struct KernelManifest {
  std::string model;
  int64_t maxBatch = 0, maxSeqLen = 0;
  std::vector<std::string> inputs;
  std::vector<WeightSpec> weights; // every tensor the calls read, in first-use order
  std::vector<KernelSpec> kernels;
  std::vector<KernelCall> calls;
  std::vector<ModelOutput> outputs;
  int64_t arenaBytes = 0, peakLiveBytes = 0;
  ModelFacts facts;

  const KernelSpec* findKernel(const std::string& name) const;
};

std::string manifestToJson(const KernelManifest& manifest, int indent = 2);

// The inverse of manifestToJson, for tools that get the manifest from `bertc compile
// --emit=kernels` instead of linking MLIR (bert-tune). Returns false with `error` set when the
// text is not such a manifest. operandIsWeight is rebuilt from the calls' arguments.
bool manifestFromJson(const std::string& text, KernelManifest& manifest, std::string& error);

} // namespace bertc
