// The Python module `bertc._bertc` (imported as `bertc`): a classifier over a model compiled with
// `bertc compile --emit=shared`, through the C ABI its lib<name>.so exports (bertc/classify.h),
// and the WordPiece tokenizer. The GIL is released while a model runs, so Python threads with one
// classifier each run in parallel.
#include "ModelLibrary.h"
#include "tokenizer/BertTokenizer.h"

#include <optional>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

// Raised for every error bertc reports; its message is bertc's.
struct BertcError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Texts = std::vector<std::string>;
using Pairs = std::optional<std::vector<std::optional<std::string>>>;

// The C arrays of a call: texts as pointers with lengths (a NUL byte is part of a text).
struct TextArrays {
  std::vector<const char*> a, b;
  std::vector<size_t> lengthsA, lengthsB;

  TextArrays(const Texts& texts, const Pairs& pairs) {
    if (pairs && pairs->size() != texts.size())
      throw py::value_error("pairs must have one entry (a text or None) per text");
    for (size_t i = 0; i < texts.size(); ++i) {
      a.push_back(texts[i].data());
      lengthsA.push_back(texts[i].size());
      const std::optional<std::string>* b2 = pairs ? &(*pairs)[i] : nullptr;
      b.push_back(b2 && *b2 ? (*b2)->data() : nullptr);
      lengthsB.push_back(b2 && *b2 ? (*b2)->size() : 0);
    }
  }
};

class Classifier {
public:
  Classifier(const std::string& model, const std::string& weights,
             const std::optional<std::string>& vocab, std::optional<int> threads,
             std::optional<int> batchSize) {
    if (std::string error = bertc::cli::openModelLibrary(model, lib_); !error.empty())
      throw BertcError((lib_.path.empty() ? model : lib_.path) + ": " + error);
    if (threads && (*threads < 1 || lib_.setNumThreads(*threads) != BERTC_OK))
      throw py::value_error("threads must be at least 1");
    if (lib_.create(lib_.desc, weights.c_str(), vocab ? vocab->c_str() : "", &c_) != BERTC_OK)
      throw BertcError(lib_.lastError());
    if (batchSize && lib_.setBatchSize(c_, *batchSize) != BERTC_OK)
      throw BertcError(lib_.lastError());
  }
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;
  ~Classifier() {
    if (c_)
      lib_.free(c_);
  }

  std::vector<std::string> heads() const {
    std::vector<std::string> names;
    for (int h = 0; h < lib_.numHeads(c_); ++h)
      names.push_back(lib_.headName(c_, h));
    return names;
  }

  std::string isa() const { return lib_.isa(lib_.model(c_)); }

  py::dict labels() const {
    py::dict out;
    for (int h = 0; h < lib_.numHeads(c_); ++h) {
      py::list names;
      for (int l = 0; l < lib_.numLabels(c_, h); ++l)
        names.append(lib_.label(c_, h, l));
      out[py::str(lib_.headName(c_, h))] = names;
    }
    return out;
  }

  // Each head's answer and every label's probability, as bert-classify's JSON lines.
  py::list classify(const Texts& texts, const Pairs& pairs) {
    std::vector<bertc_head_result> results;
    std::vector<float> probabilities;
    run(texts, pairs, results, probabilities);
    const int heads = lib_.numHeads(c_), total = lib_.totalLabels(c_);
    py::list out;
    for (size_t i = 0; i < texts.size(); ++i) {
      py::dict row, perHead;
      row["text"] = py::str(texts[i]);
      if (pairs && (*pairs)[i])
        row["text_b"] = py::str(*(*pairs)[i]);
      const float* p = probabilities.data() + i * size_t(total);
      for (int h = 0; h < heads; ++h) {
        const bertc_head_result& r = results[i * size_t(heads) + size_t(h)];
        py::dict head, byLabel;
        for (int l = 0; l < lib_.numLabels(c_, h); ++l)
          byLabel[py::str(lib_.label(c_, h, l))] = double(*p++);
        head["label"] = lib_.label(c_, h, r.label);
        head["probability"] = double(r.probability);
        head["probabilities"] = byLabel;
        if (h == 0) {
          row["label"] = head["label"];
          row["probability"] = head["probability"];
        }
        perHead[py::str(lib_.headName(c_, h))] = head;
      }
      row["heads"] = perHead;
      out.append(row);
    }
    return out;
  }

  // [n, total labels]: each head's probability of each of its labels, heads in order.
  py::array_t<float> probabilities(const Texts& texts, const Pairs& pairs) {
    std::vector<bertc_head_result> results;
    std::vector<float> probabilities;
    run(texts, pairs, results, probabilities);
    py::array_t<float> out({py::ssize_t(texts.size()), py::ssize_t(lib_.totalLabels(c_))});
    std::copy(probabilities.begin(), probabilities.end(), out.mutable_data());
    return out;
  }

  // [n, width]: a per-sequence output, e.g. "pooled_output".
  py::array_t<float> output(const Texts& texts, const std::string& name, const Pairs& pairs) {
    const int64_t width = outputWidth(name);
    py::array_t<float> out({py::ssize_t(texts.size()), py::ssize_t(width)});
    TextArrays arrays(texts, pairs);
    float* data = out.mutable_data();
    int status;
    {
      py::gil_scoped_release release;
      status = lib_.classifyOutput(c_, texts.size(), arrays.a.data(),
                                   pairs ? arrays.b.data() : nullptr, name.c_str(), data);
    }
    if (status != BERTC_OK)
      throw BertcError(lib_.lastError());
    return out;
  }

private:
  void run(const Texts& texts, const Pairs& pairs, std::vector<bertc_head_result>& results,
           std::vector<float>& probabilities) {
    TextArrays arrays(texts, pairs);
    results.resize(texts.size() * size_t(lib_.numHeads(c_)));
    probabilities.resize(texts.size() * size_t(lib_.totalLabels(c_)));
    int status;
    {
      py::gil_scoped_release release;
      status = lib_.classifyWithLengths(c_, texts.size(), arrays.a.data(), arrays.lengthsA.data(),
                                        pairs ? arrays.b.data() : nullptr,
                                        pairs ? arrays.lengthsB.data() : nullptr, results.data(),
                                        probabilities.data());
    }
    if (status != BERTC_OK)
      throw BertcError(lib_.lastError());
  }

  int64_t outputWidth(const std::string& name) const {
    for (int i = 0; i < lib_.desc->n_outputs; ++i)
      if (name == lib_.desc->outputs[i].name)
        return lib_.desc->outputs[i].width;
    throw BertcError("model '" + std::string(lib_.desc->name) + "' has no output named '" + name +
                     "'");
  }

  bertc::cli::ModelLibrary lib_;
  bertc_classifier* c_ = nullptr;
};

// The WordPiece encoding of each text (or pair): ids, tokens, type ids and byte offsets.
py::list tokenize(const Texts& texts, const std::string& vocab, bool lowercase,
                  std::optional<size_t> maxLength, const Pairs& pairs) {
  if (pairs && pairs->size() != texts.size())
    throw py::value_error("pairs must have one entry (a text or None) per text");
  try {
    bertc::tokenizer::BertTokenizer tokenizer =
        bertc::tokenizer::BertTokenizer::fromVocabFile(vocab, lowercase);
    if (maxLength)
      tokenizer.setTruncation({*maxLength});
    py::list out;
    for (size_t i = 0; i < texts.size(); ++i) {
      const bertc::tokenizer::Encoding e = pairs && (*pairs)[i]
                                               ? tokenizer.encodePair(texts[i], *(*pairs)[i])
                                               : tokenizer.encode(texts[i]);
      py::list tokens, offsets;
      for (std::string_view t : tokenizer.tokens(e))
        tokens.append(py::str(t.data(), t.size()));
      for (const auto& o : e.offsets)
        offsets.append(py::make_tuple(o.begin, o.end));
      py::dict d;
      d["ids"] = e.ids;
      d["tokens"] = tokens;
      d["type_ids"] = e.typeIds;
      d["offsets"] = offsets;
      out.append(d);
    }
    return out;
  } catch (const std::exception& e) {
    throw BertcError(e.what());
  }
}

} // namespace

PYBIND11_MODULE(_bertc, m) {
  m.doc() = "bertc: BERT classifiers compiled ahead of time (see help(bertc.Classifier))";
  py::register_exception<BertcError>(m, "Error", PyExc_RuntimeError);
  py::class_<Classifier>(m, "Classifier", R"(A compiled BERT model, its weights and its tokenizer.

Classifier(model, weights, vocab=None, threads=None, batch_size=None)

model: the directory `bertc compile --emit=shared` wrote, or its lib<name>.so.
weights: a .safetensors file, a sharded model.safetensors.index.json, a pytorch_model.bin, or a
    Hugging Face directory holding one.
vocab: vocab.txt (default: the vocabulary the model's YAML named at compile time).
threads: kernel worker threads for the whole process (default: one per core).
batch_size: texts per model run, 1..max_batch (default: max_batch).

Use one classifier per thread; the GIL is released while the model runs. Errors raise
bertc.Error with bertc's message.)")
      .def(py::init<const std::string&, const std::string&, const std::optional<std::string>&,
                    std::optional<int>, std::optional<int>>(),
           py::arg("model"), py::arg("weights"), py::arg("vocab") = py::none(),
           py::arg("threads") = py::none(), py::arg("batch_size") = py::none())
      .def_property_readonly("heads", &Classifier::heads,
                             "Names of the heads that answer labels, in the model's order")
      .def_property_readonly("labels", &Classifier::labels, "Each head's labels, by head name")
      .def_property_readonly("isa", &Classifier::isa,
                             "The instruction set the kernels run with (avx512_vnni, avx512, "
                             "avx2, ...: the best this CPU has, or BERTC_ISA's)")
      .def("classify", &Classifier::classify, py::arg("texts"), py::arg("pairs") = py::none(),
           R"(Classify texts (pairs: a second text or None per text, for pair inputs).

Returns one dict per text, as bert-classify's JSON lines: text, label and probability of the
first head, and "heads": {head: {"label", "probability", "probabilities": {label: p}}}. Texts
are truncated to the model's max_seq_len as bert-classify truncates them.)")
      .def("probabilities", &Classifier::probabilities, py::arg("texts"),
           py::arg("pairs") = py::none(),
           "numpy float32 array [len(texts), total labels]: every head's label probabilities")
      .def("output", &Classifier::output, py::arg("texts"), py::arg("name"),
           py::arg("pairs") = py::none(),
           "numpy float32 array [len(texts), width] of a per-sequence output, e.g. "
           "\"pooled_output\" (the model's output names)");
  m.def("tokenize", &tokenize, py::arg("texts"), py::arg("vocab"), py::arg("lowercase") = true,
        py::arg("max_length") = py::none(), py::arg("pairs") = py::none(),
        R"(WordPiece-encode texts exactly as Hugging Face's BertTokenizerFast.

Returns one dict per text: ids, tokens, type_ids and offsets (byte ranges into the text;
(0, 0) for [CLS] and [SEP]). max_length truncates to that many ids, [CLS]/[SEP] included
(pairs: longest_first).)");
}
