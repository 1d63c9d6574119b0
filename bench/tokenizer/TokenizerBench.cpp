// Single-thread throughput of bertc's tokenizer: encodes every line of a text file (with
// [CLS]/[SEP], offsets) `passes` times and prints one JSON line: seconds, bytes, tokens.
// Usage: tokenizer_bench VOCAB TEXT_FILE [PASSES]. Driven by bench/tokenizer/run.sh.
#include "tokenizer/BertTokenizer.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s VOCAB TEXT_FILE [PASSES]\n", argv[0]);
    return 2;
  }
  const auto tokenizer = bertc::tokenizer::BertTokenizer::fromVocabFile(argv[1]);
  std::ifstream in(argv[2]);
  std::vector<std::string> lines;
  std::size_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    bytes += line.size();
    lines.push_back(std::move(line));
  }
  const int passes = argc > 3 ? std::stoi(argv[3]) : 1;
  std::size_t tokens = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int pass = 0; pass < passes; ++pass)
    for (const std::string& line : lines)
      tokens += tokenizer.encode(line).size();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"seconds\": %.6f, \"bytes\": %zu, \"tokens\": %zu}\n", seconds,
              bytes * static_cast<std::size_t>(passes), tokens);
  return 0;
}
