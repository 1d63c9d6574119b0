// Figures derived from a model description: the tensors its weights file must hold, parameter
// count, FLOPs and activation memory. `bertc inspect` prints them; later stages check weights
// files against expectedTensors().
#pragma once

#include "frontend/ModelDescription.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bertc {

struct TensorSpec {
  std::string name;           // Hugging Face name, without the "bert." prefix of task models
  std::vector<int64_t> shape; // PyTorch layout: Linear weights are [out, in]
  std::string dtype = "F32";  // safetensors dtype name
  // Set when Hugging Face ties this tensor to another one; checkpoints may then omit it.
  std::string tiedTo;

  int64_t elements() const;
};

// In Hugging Face state-dict order: embeddings, layers, pooler, then heads.
std::vector<TensorSpec> expectedTensors(const ModelDescription& model);

struct ModelFigures {
  int64_t parameters = 0;  // distinct parameters (tied tensors counted once)
  int64_t weightBytes = 0; // f32 bytes of those parameters
  // Multiply-adds x 2 for one sequence of max_seq_len tokens: every dense layer and both attention
  // matmuls. Elementwise work (softmax, LayerNorm, GELU) is excluded; it is under 1% for BERT.
  int64_t flopsPerSequence = 0;
  // Activation bytes live at once at max_batch x max_seq_len when no buffer is reused within
  // a layer beyond what its dataflow allows; the memory planner's exact figure replaces it.
  int64_t activationBytes = 0;
};

ModelFigures computeFigures(const ModelDescription& model);

} // namespace bertc
