#include "codegen/ModelSourceWriter.h"

#include "codegen/kernels/KernelKind.h"

#include <cctype>
#include <map>
#include <sstream>

namespace bertc {
namespace {

std::string upper(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    c = char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A C string literal holding exactly the bytes of `s` (which has no NUL: the parser refuses
// them): every byte that is not printable ASCII, and '?', becomes a three-digit octal escape,
// which, unlike \x, cannot run on into the next character.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7f || c == '?') { // '?': no trigraph can form
      const char octal[] = {'\\', char('0' + (byte >> 6)), char('0' + ((byte >> 3) & 7)),
                            char('0' + (byte & 7)), 0};
      out += octal;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// `s` safe inside a // or /* */ comment: no line break, no "*/" (a file name may hold both).
std::string commentText(const std::string& s) {
  std::string out;
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7f ? '?' : c;
    if (out.size() >= 2 && out.compare(out.size() - 2, 2, "*/") == 0)
      out.back() = '?';
  }
  return out;
}

const char* inputEnum(const std::string& input) {
  if (input == "input_ids")
    return "BERTC_INPUT_IDS";
  if (input == "token_type_ids")
    return "BERTC_INPUT_TOKEN_TYPES";
  if (input == "positions")
    return "BERTC_INPUT_POSITIONS";
  return "BERTC_INPUT_OFFSETS";
}

// Per-sequence buffers are bounded by max_batch rows, per-token ones by max_batch x max_seq_len.
const char* rowsEnum(const KernelManifest& m, int64_t maxRows) {
  return maxRows == m.maxBatch && m.maxSeqLen > 1 ? "BERTC_ROWS_SEQUENCES" : "BERTC_ROWS_TOKENS";
}

std::string bufferArg(const KernelManifest& m, int64_t offset, int64_t bytes, int64_t width,
                      int64_t maxRows) {
  std::ostringstream os;
  os << "{BERTC_ARG_BUFFER, 0, nullptr, 0, " << offset << ", " << width << ", "
     << rowsEnum(m, maxRows) << ", " << bytes / (width * 4) << "}";
  return os.str();
}

const char* headKindEnum(const std::string& kind) {
  if (kind == "binary")
    return "BERTC_HEAD_BINARY";
  if (kind == "classes")
    return "BERTC_HEAD_CLASSES";
  if (kind == "pooled")
    return "BERTC_HEAD_POOLED";
  if (kind == "sequence")
    return "BERTC_HEAD_SEQUENCE";
  if (kind == "mlm")
    return "BERTC_HEAD_MLM";
  return "BERTC_HEAD_NSP";
}

// A kernel's entry point compiled for `isa` (KernelCompiler.cpp names them so).
std::string symbol(const KernelManifest& m, const std::string& kernel, const std::string& isa) {
  return m.model + "_" + kernel + "_" + isa + "_argv";
}

// The weights, each kernel's entry points by instruction set (kFns_<kernel>, kIsas), each call's
// arguments and the calls, as tables (kTensors, kCall<i>Args, kCalls).
void writeCallTables(std::ostream& cpp, const KernelManifest& m,
                     const std::vector<std::string>& isas) {
  std::map<std::string, size_t> weightIndex;
  for (size_t i = 0; i < m.weights.size(); ++i)
    weightIndex[m.weights[i].name] = i;
  // The row bound of every buffer, by arena offset, from the call that writes it.
  std::map<int64_t, int64_t> rowsAt;
  for (const KernelCall& c : m.calls)
    for (const CallResult& r : c.results)
      rowsAt[r.offset] = r.maxRows;

  cpp << "\nnamespace {\n\nconst bertc_tensor_desc kTensors[] = {\n";
  for (const WeightSpec& w : m.weights) {
    cpp << "    {" << quoted(w.name) << ", " << w.shape.size() << ", {" << w.shape[0] << ", "
        << (w.shape.size() > 1 ? w.shape[1] : 0) << "}, nullptr},\n";
  }
  cpp << "};\n\n";
  for (const KernelSpec& k : m.kernels) {
    cpp << "const bertc_kernel_fn kFns_" << k.name << "[] = {";
    for (size_t i = 0; i < isas.size(); ++i)
      cpp << (i ? ", " : "") << symbol(m, k.name, isas[i]);
    cpp << "};\n";
  }
  cpp << "const char* const kIsas[] = {";
  for (const std::string& isa : isas)
    cpp << quoted(isa) << ", ";
  cpp << "nullptr};\n\n";
  for (size_t c = 0; c < m.calls.size(); ++c) {
    const KernelCall& call = m.calls[c];
    const KernelSpec* k = m.findKernel(call.kernel);
    std::ostringstream args;
    for (size_t a = 0; a < call.args.size(); ++a) {
      const CallArg& arg = call.args[a];
      if (arg.source == CallArg::Source::Weight) {
        cpp << "const int kCall" << c << "Arg" << a << "[] = {";
        for (size_t p = 0; p < arg.weights.size(); ++p)
          cpp << (p ? ", " : "") << weightIndex.at(arg.weights[p]);
        cpp << "};\n";
        // One argument per layout the kernel reads the weight in (int8: values, then scales).
        for (int format : weightFormats(*k, a))
          args << "    {BERTC_ARG_WEIGHT, 0, kCall" << c << "Arg" << a << ", " << arg.weights.size()
               << ", 0, 0, 0, 0, " << weightPanel(*k, a) << ", " << format << "},\n";
      } else if (arg.source == CallArg::Source::Input) {
        args << "    {BERTC_ARG_INPUT, " << inputEnum(arg.input) << ", nullptr, 0, 0, 0, 0, 0},\n";
      } else {
        int64_t width = k->operands[a].back();
        args << "    " << bufferArg(m, arg.offset, arg.bytes, width, rowsAt[arg.offset]) << ",\n";
      }
    }
    cpp << "const bertc_arg_desc kCall" << c << "Args[] = {\n" << args.str() << "};\n";
  }

  cpp << "\nconst bertc_call_desc kCalls[] = {\n";
  for (size_t c = 0; c < m.calls.size(); ++c) {
    const KernelCall& call = m.calls[c];
    const KernelSpec* k = m.findKernel(call.kernel);
    const CallResult& r = call.results[0];
    // Per-sequence calls (attention) carry the head count and width the runtime offsets by.
    bool attention = kernelKindOf(*k).callingConvention() == CallingConvention::PerSequence;
    int heads = attention ? int(k->attribute("num_heads")) : 0;
    cpp << "    {" << quoted(call.kernel) << ", " << symbol(m, call.kernel, isas[0]) << ", "
        << (attention ? "BERTC_CALL_ATTENTION" : "BERTC_CALL_ROWS") << ", " << heads << ", "
        << (attention ? r.width / heads : 0) << ", kCall" << c << "Args, "
        << "int(sizeof kCall" << c << "Args / sizeof kCall" << c << "Args[0]), "
        << bufferArg(m, r.offset, r.bytes, r.width, r.maxRows) << ", kFns_" << call.kernel
        << "},\n";
  }
  cpp << "};\n";
}

// The outputs, the heads with their labels, and kModel that points at every table.
void writeModelTable(std::ostream& cpp, const KernelManifest& m, size_t isas) {
  const ModelFacts& facts = m.facts;
  cpp << "\nconst bertc_output_desc kOutputs[] = {\n";
  for (const ModelOutput& o : m.outputs)
    cpp << "    {" << quoted(o.name) << ", " << o.offset << ", " << o.width << ", "
        << rowsEnum(m, o.maxRows) << "},\n";
  cpp << "};\n\n";
  for (size_t h = 0; h < facts.heads.size(); ++h) {
    cpp << "const char* const kHead" << h << "Labels[] = {";
    for (const std::string& label : facts.heads[h].labels)
      cpp << quoted(label) << ", ";
    cpp << "nullptr};\n";
  }
  cpp << "const bertc_head_desc kHeads[] = {\n";
  for (size_t h = 0; h < facts.heads.size(); ++h)
    cpp << "    {" << quoted(facts.heads[h].name) << ", " << headKindEnum(facts.heads[h].kind)
        << ", kHead" << h << "Labels, " << facts.heads[h].labels.size() << "},\n";
  cpp << "};\n\nconst bertc_model_desc kModel = {\n"
      << "    " << quoted(m.model) << ", " << m.maxBatch << ", " << m.maxSeqLen << ", "
      << m.arenaBytes << ",\n"
      << "    " << facts.vocabSize << ", " << facts.typeVocabSize << ", " << facts.maxPositions
      << ",\n"
      << "    kTensors, " << m.weights.size() << ", kCalls, " << m.calls.size() << ", kOutputs, "
      << m.outputs.size() << ",\n"
      << "    kHeads, " << facts.heads.size() << ", "
      << (facts.vocabPath.empty() ? std::string("nullptr") : quoted(facts.vocabPath)) << ", "
      << int(facts.lowercase) << ", " << int(facts.stripAccents) << ", " << int(facts.vocabPadded)
      << ",\n    kIsas, " << isas << "};\n\n} // namespace\n\n"
      << "extern \"C\" const bertc_model_desc* " << m.model
      << "_model_desc(void) { return &kModel; }\n";
}

// <name>.h: the bounds as macros, the C entry points and the C++ loader.
std::string headerText(const KernelManifest& m, const std::string& sourceYaml) {
  const std::string& name = m.model;
  const std::string N = upper(name);
  std::ostringstream h;
  h << "/* Generated by bertc from " << commentText(sourceYaml) << ". Do not edit.\n"
    << " * Model " << name << ": link lib" << name << ".a; see bertc/model.h for the calls. */\n"
    << "#ifndef " << N << "_H\n#define " << N << "_H\n\n#include \"bertc/model.h\"\n\n"
    << "#define " << N << "_MAX_BATCH " << m.maxBatch << "\n"
    << "#define " << N << "_MAX_SEQ_LEN " << m.maxSeqLen << "\n"
    << "#define " << N << "_ARENA_BYTES " << m.arenaBytes << "\n"
    << "#define " << N << "_NUM_TENSORS " << m.weights.size() << "\n";
  for (const ModelOutput& o : m.outputs) {
    std::string id = upper(o.name);
    for (char& c : id)
      if (!std::isalnum(static_cast<unsigned char>(c)))
        c = '_';
    h << "#define " << N << "_OUTPUT_" << id << " " << quoted(o.name) << " /* width " << o.width
      << " */\n";
  }
  h << "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
    << "/* The model's description: pass it to bertc_model_load(). */\n"
    << "const bertc_model_desc* " << name << "_model_desc(void);\n\n"
    << "static inline int " << name << "_load(const char* weights_path, bertc_model** out) {\n"
    << "  return bertc_model_load(" << name << "_model_desc(), weights_path, out);\n}\n\n"
    << "#ifdef __cplusplus\n}\n\n#include \"bertc/model.hpp\"\n\nnamespace " << name
    << " {\n// The model with its weights bound; see bertc/model.hpp for Context.\n"
    << "inline bertc::Model load(const std::string& weightsPath) {\n"
    << "  return bertc::Model(" << name << "_model_desc(), weightsPath);\n}\n} // namespace "
    << name << "\n#endif\n\n#endif\n";
  return h.str();
}

} // namespace

ModelSources writeModelSources(const KernelManifest& m, const std::string& sourceYaml,
                               const std::vector<std::string>& isas) {
  std::ostringstream cpp;
  cpp << "// Generated by bertc from " << commentText(sourceYaml) << ". Do not edit.\n"
      << "// The kernel calls of model " << m.model << " as data for the bertc runtime.\n"
      << "#include \"bertc/model_desc.h\"\n\n";
  for (const KernelSpec& k : m.kernels)
    for (const std::string& isa : isas)
      cpp << "extern \"C\" int " << symbol(m, k.name, isa) << "(void** args);\n";
  writeCallTables(cpp, m, isas);
  writeModelTable(cpp, m, isas.size());
  return {cpp.str(), headerText(m, sourceYaml)};
}

} // namespace bertc
