// bert-tokenize: prints one JSON line per input text (see docs/tokenizer.md).
//
// Exit codes: 0 success, 1 tokenizer error (unreadable vocabulary, malformed input line),
// 2 usage error.
#include "support/CliText.h"
#include "support/ToolMain.h"
#include "tokenizer/BertTokenizer.h"
#include "tokenizer/JsonOutput.h"
#include "tokenizer/TokenizerError.h"
#include "tokenizer/TokenizerJson.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using bertc::tokenizer::BertTokenizer;

constexpr int kExitTokenizerError = 1;
constexpr int kExitUsage = 2;

struct Options {
  std::string vocab;
  std::string tokenizerJson;
  bool cased = false;
  std::size_t maxLen = 0;
  bool tsv = false;
  std::vector<std::string> texts;
};

BertTokenizer load(const Options& options) {
  if (!options.tokenizerJson.empty())
    return bertc::tokenizer::loadTokenizerJsonFile(options.tokenizerJson);
  return BertTokenizer::fromVocabFile(options.vocab, /*lowercase=*/!options.cased);
}

// Encodes one input line (or argument) and prints its JSON line.
void encodeLine(const BertTokenizer& tokenizer, const std::string& line, bool tsv,
                std::size_t lineNumber, std::string& out) {
  out.clear();
  if (tsv) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos)
      throw bertc::tokenizer::TokenizerError("line " + std::to_string(lineNumber) +
                                             ": --tsv expects TEXT_A<TAB>TEXT_B");
    const std::string_view view(line);
    bertc::tokenizer::appendEncodingJson(
        out, tokenizer, tokenizer.encodePair(view.substr(0, tab), view.substr(tab + 1)));
  } else {
    bertc::tokenizer::appendEncodingJson(out, tokenizer, tokenizer.encode(line));
  }
  out.push_back('\n');
  std::fwrite(out.data(), 1, out.size(), stdout);
}

int run(int argc, char** argv) {
  CLI::App app{"BERT WordPiece tokenizer, identical to Hugging Face's BertTokenizerFast. Prints "
               "one JSON line per text: ids, tokens, token_type_ids and byte offsets."};
  Options options;
  auto* vocab =
      app.add_option("--vocab", options.vocab, "vocab.txt of the model")->check(CLI::ExistingFile);
  auto* json = app.add_option("--tokenizer-json", options.tokenizerJson,
                              "Hugging Face tokenizer.json (instead of --vocab)")
                   ->check(CLI::ExistingFile);
  vocab->excludes(json);
  app.add_flag("--cased", options.cased, "keep case and accents (cased vocabularies)")
      ->excludes(json);
  app.add_option("--max-len", options.maxLen,
                 "truncate to N ids including [CLS]/[SEP] (pairs: longest_first)")
      ->check(bertc::support::atLeastOne());
  app.add_flag("--tsv", options.tsv, "each line is TEXT_A<TAB>TEXT_B: encode as a pair");
  // Texts are taken verbatim (support/CliText.h), so they are not a CLI11 positional.
  app.allow_extras();
  app.footer("TEXT...: texts to encode, exactly as given (after -- when one starts with '-'); "
             "without any, one per line on stdin");
  try {
    app.parse(argc, argv);
    if (options.vocab.empty() && options.tokenizerJson.empty())
      throw CLI::RequiredError("--vocab or --tokenizer-json");
    std::string error;
    options.texts = bertc::support::verbatimArguments(app, error);
    if (!error.empty())
      throw CLI::ExtrasError(error, CLI::ExitCodes::ExtrasError);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  try {
    BertTokenizer tokenizer = load(options);
    if (options.maxLen > 0) {
      const std::size_t specials = options.tsv ? 3 : 2;
      if (options.maxLen < specials) {
        std::cerr << "bert-tokenize: --max-len must be at least " << specials << "\n";
        return kExitUsage;
      }
      tokenizer.setTruncation({options.maxLen});
    }
    std::string out;
    std::size_t lineNumber = 0;
    if (!options.texts.empty()) {
      for (const std::string& text : options.texts)
        encodeLine(tokenizer, text, options.tsv, ++lineNumber, out);
    } else {
      std::string line;
      while (std::getline(std::cin, line))
        encodeLine(tokenizer, line, options.tsv, ++lineNumber, out);
      if (std::cin.bad())
        throw bertc::tokenizer::TokenizerError("error reading standard input");
    }
  } catch (const bertc::tokenizer::TokenizerError& e) {
    std::fflush(stdout);
    std::cerr << "bert-tokenize: " << e.what() << "\n";
    return kExitTokenizerError;
  }
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  // Out of memory, a stray exception or output that could not be written: status 1.
  return bertc::support::runTool("bert-tokenize", [&] { return run(argc, argv); });
}
