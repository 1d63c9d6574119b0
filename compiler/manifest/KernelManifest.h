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

struct KernelSpec {
  std::string name; // symbol, e.g. dense_768x3072_gelu
  std::string key;  // deduplication key: op, operand/result types, attributes
  std::string kind; // op kind: dense, layer_norm, packed_attention, fused_embeddings, ...
  std::string dtype = "f32";
  std::string epilogue = "none";
  std::map<std::string, std::string> attributes; // eps, num_heads, scale, ... as text
  std::vector<Shape> operands;
  std::vector<bool> operandIsWeight; // per operand: read from the weights, not the arena
  std::vector<Shape> results;
  int64_t calls = 0;
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

struct KernelManifest {
  std::string model;
  int64_t maxBatch = 0, maxSeqLen = 0;
  std::vector<std::string> inputs;
  std::vector<WeightSpec> weights; // every tensor the calls read, in first-use order
  std::vector<KernelSpec> kernels;
  std::vector<KernelCall> calls;
  std::vector<ModelOutput> outputs;
  int64_t arenaBytes = 0, peakLiveBytes = 0;

  const KernelSpec* findKernel(const std::string& name) const;
};

std::string manifestToJson(const KernelManifest& manifest, int indent = 2);

// The inverse of manifestToJson, for tools that get the manifest from `bertc compile
// --emit=kernels` instead of linking MLIR (bert-tune). Returns false with `error` set when the
// text is not such a manifest. operandIsWeight is rebuilt from the calls' arguments.
bool manifestFromJson(const std::string& text, KernelManifest& manifest, std::string& error);

} // namespace bertc
