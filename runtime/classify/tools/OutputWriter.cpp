#include "OutputWriter.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace bertc::cli {
namespace {

std::string oneColumn(std::string text) {
  for (char& c : text)
    if (c == '\t' || c == '\n' || c == '\r')
      c = ' ';
  return text;
}

std::string fixed6(float p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", double(p));
  return buffer;
}

} // namespace

std::string tsvLine(const InputText& input, const std::vector<HeadOutput>& heads) {
  std::string line;
  for (const HeadOutput& h : heads)
    line += h.label + "\t" + fixed6(h.probability) + "\t";
  line += oneColumn(input.a);
  if (input.b)
    line += "\t" + oneColumn(*input.b);
  return line;
}

std::string jsonLine(const InputText& input, const std::vector<HeadOutput>& heads) {
  nlohmann::ordered_json j;
  j["text"] = input.a;
  if (input.b)
    j["text_b"] = *input.b;
  j["label"] = heads.front().label;
  j["probability"] = heads.front().probability;
  nlohmann::ordered_json all = nlohmann::ordered_json::object();
  for (const HeadOutput& h : heads) {
    nlohmann::ordered_json p = nlohmann::ordered_json::object();
    for (const auto& [label, probability] : h.probabilities)
      p[label] = probability;
    all[h.head] = {{"label", h.label}, {"probability", h.probability}, {"probabilities", p}};
  }
  j["heads"] = all;
  // Invalid UTF-8 in a text is replaced rather than aborting the whole output.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace bertc::cli
