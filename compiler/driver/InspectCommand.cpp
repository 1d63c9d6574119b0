#include "driver/InspectCommand.h"

#include "frontend/ModelFigures.h"
#include "frontend/ModelParser.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bertc {
namespace {

struct InspectOptions {
  std::string modelPath;
  bool json = false;
  bool tensors = false;
};

std::string withCommas(int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

std::string scaled(double value, const char* const units[], int count, double step) {
  int u = 0;
  while (value >= step && u + 1 < count) {
    value /= step;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %s", value, units[u]);
  return buf;
}

std::string bytesText(int64_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  return withCommas(bytes) + " bytes (" + scaled(double(bytes), units, 5, 1024) + ")";
}

std::string flopsText(int64_t flops) {
  static const char* const units[] = {"FLOP", "KFLOP", "MFLOP", "GFLOP", "TFLOP"};
  return scaled(double(flops), units, 5, 1000);
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

std::string labelsText(const std::vector<std::string>& labels) {
  std::string out;
  for (const std::string& l : labels)
    out += (out.empty() ? "" : ", ") + l;
  return out;
}

void printText(const ModelDescription& m, const ModelFigures& f, bool tensors, std::ostream& os) {
  const EncoderConfig& e = m.encoder;
  os << "model: " << m.name << " (" << m.sourceFile << ")\n";
  os << "preset: " << (m.preset.empty() ? "none" : m.preset) << "\n";
  os << "encoder:\n"
     << "  vocab_size: " << e.vocabSize << "\n"
     << "  hidden_size: " << e.hiddenSize << "\n"
     << "  num_layers: " << e.numLayers << "\n"
     << "  num_heads: " << e.numHeads << " (head size " << e.headDim() << ")\n"
     << "  intermediate_size: " << e.intermediateSize << "\n"
     << "  max_position_embeddings: " << e.maxPositionEmbeddings << "\n"
     << "  type_vocab_size: " << e.typeVocabSize << "\n"
     << "  hidden_act: " << toString(e.hiddenAct) << "\n"
     << "  layer_norm_eps: " << e.layerNormEps << "\n";
  os << "input: max_seq_len " << m.input.maxSeqLen << ", max_batch " << m.input.maxBatch << "\n";
  os << "heads:\n";
  for (const HeadConfig& h : m.heads) {
    os << "  " << h.name << ": " << toString(h.kind);
    if (!h.prefix.empty())
      os << ", weights " << h.prefix << ".*";
    if (!h.labels.empty())
      os << ", labels [" << labelsText(h.labels) << "]";
    if (h.dropout > 0)
      os << ", dropout " << h.dropout << " (training only)";
    os << "\n";
  }
  if (m.tokenizer) {
    const TokenizerConfig& t = *m.tokenizer;
    os << "tokenizer: " << t.vocabPath << " (" << t.vocabTokens << " tokens), lowercase "
       << (t.lowercase ? "true" : "false") << ", strip_accents "
       << (t.stripAccents ? "true" : "false") << ", [CLS]=" << t.clsId << " [SEP]=" << t.sepId
       << " [UNK]=" << t.unkId << "\n";
  } else {
    os << "tokenizer: none\n";
  }
  os << "precision: " << toString(m.precision) << "\n";
  os << "parameters: " << withCommas(f.parameters) << "\n";
  os << "weight bytes: " << bytesText(f.weightBytes) << "\n";
  os << "FLOPs per sequence (" << m.input.maxSeqLen
     << " tokens): " << withCommas(f.flopsPerSequence) << " (" << flopsText(f.flopsPerSequence)
     << ")\n";
  os << "activation memory estimate (batch " << m.input.maxBatch << " x " << m.input.maxSeqLen
     << "): " << bytesText(f.activationBytes) << "\n";
  if (tensors) {
    std::vector<TensorSpec> specs = expectedTensors(m);
    os << "tensors (" << specs.size() << "):\n";
    for (const TensorSpec& t : specs) {
      os << "  " << t.name << " " << t.dtype << " " << shapeText(t.shape);
      if (!t.tiedTo.empty())
        os << " (tied to " << t.tiedTo << "; may be absent)";
      os << "\n";
    }
  }
}

nlohmann::ordered_json toJson(const ModelDescription& m, const ModelFigures& f, bool tensors) {
  const EncoderConfig& e = m.encoder;
  nlohmann::ordered_json j;
  j["name"] = m.name;
  j["file"] = m.sourceFile;
  j["preset"] = m.preset.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(m.preset);
  j["encoder"] = {{"vocab_size", e.vocabSize},
                  {"hidden_size", e.hiddenSize},
                  {"num_layers", e.numLayers},
                  {"num_heads", e.numHeads},
                  {"intermediate_size", e.intermediateSize},
                  {"max_position_embeddings", e.maxPositionEmbeddings},
                  {"type_vocab_size", e.typeVocabSize},
                  {"hidden_act", toString(e.hiddenAct)},
                  {"layer_norm_eps", e.layerNormEps}};
  j["input"] = {{"max_seq_len", m.input.maxSeqLen}, {"max_batch", m.input.maxBatch}};
  j["heads"] = nlohmann::ordered_json::array();
  for (const HeadConfig& h : m.heads) {
    nlohmann::ordered_json head = {{"name", h.name}, {"kind", toString(h.kind)}};
    if (!h.prefix.empty())
      head["prefix"] = h.prefix;
    head["labels"] = h.labels;
    head["outputs"] = h.numOutputs(e);
    head["dropout"] = h.dropout;
    j["heads"].push_back(head);
  }
  if (m.tokenizer) {
    const TokenizerConfig& t = *m.tokenizer;
    j["tokenizer"] = {{"vocab", t.vocabPath},     {"tokens", t.vocabTokens},
                      {"lowercase", t.lowercase}, {"strip_accents", t.stripAccents},
                      {"cls_id", t.clsId},        {"sep_id", t.sepId},
                      {"unk_id", t.unkId},        {"pad_id", t.padId},
                      {"mask_id", t.maskId}};
  } else {
    j["tokenizer"] = nullptr;
  }
  j["precision"] = toString(m.precision);
  j["parameters"] = f.parameters;
  j["weight_bytes"] = f.weightBytes;
  j["flops_per_sequence"] = f.flopsPerSequence;
  j["activation_bytes_estimate"] = f.activationBytes;
  if (tensors) {
    j["tensors"] = nlohmann::ordered_json::array();
    for (const TensorSpec& t : expectedTensors(m)) {
      nlohmann::ordered_json spec = {{"name", t.name}, {"dtype", t.dtype}, {"shape", t.shape}};
      if (!t.tiedTo.empty())
        spec["tied_to"] = t.tiedTo;
      j["tensors"].push_back(spec);
    }
  }
  return j;
}

int runInspect(const InspectOptions& opts) {
  ParseResult parsed = parseModelFile(opts.modelPath);
  if (!parsed.model) {
    for (const Diagnostic& d : parsed.errors)
      std::cerr << d.str() << "\n";
    return 1;
  }
  ModelFigures figures = computeFigures(*parsed.model);
  if (opts.json)
    std::cout << toJson(*parsed.model, figures, opts.tensors).dump(2) << "\n";
  else
    printText(*parsed.model, figures, opts.tensors, std::cout);
  return 0;
}

} // namespace

void registerInspectCommand(CLI::App& app, int* exitCode) {
  auto opts = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand(
      "inspect", "Validate a model description and print it resolved, with parameter count, "
                 "weight bytes, FLOPs and activation memory");
  cmd->add_option("model", opts->modelPath, "Model description (YAML)")->required();
  cmd->add_flag("--json", opts->json, "Print one JSON object instead of text");
  cmd->add_flag("--tensors", opts->tensors,
                "Also list every tensor the weights file must hold (Hugging Face names)");
  cmd->callback([opts, exitCode] { *exitCode = runInspect(*opts); });
}

} // namespace bertc
