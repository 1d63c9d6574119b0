// Command-line pieces every tool shares: free text taken verbatim, and counts checked in the
// user's terms.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace bertc::support {

// CLI11 splits a positional argument written like a list ("[a, terrible, film]" becomes three
// texts, "[hello]" becomes "hello"), so tools that take free text never declare it as a CLI11
// positional. Call app.allow_extras() before parsing; afterwards this returns the arguments
// CLI11 did not consume, in order, exactly as given. Before a `--`, an argument that starts
// with '-' is an unknown option (error names it); after it, everything is text.
inline std::vector<std::string> verbatimArguments(const CLI::App& app, std::string& error) {
  std::vector<std::string> texts;
  bool afterDashes = false;
  for (const std::string& arg : app.remaining()) {
    if (!afterDashes && arg == "--") {
      afterDashes = true;
    } else if (!afterDashes && arg.size() > 1 && arg[0] == '-') {
      error = "unknown option '" + arg + "' (put texts that start with '-' after --)";
      return {};
    } else {
      texts.push_back(arg);
    }
  }
  return texts;
}

// A whole number of at least 1, with an error that says so (CLI::PositiveNumber says "not in
// range 0.000000 to 1.79e308").
inline CLI::Validator atLeastOne() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        size_t used = 0;
        long long n = 0;
        try {
          n = std::stoll(value, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != value.size() || used == 0 || n < 1)
          return "must be a whole number of at least 1, got '" + value + "'";
        return "";
      },
      "N>=1");
}

} // namespace bertc::support
