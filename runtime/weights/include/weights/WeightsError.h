#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace bertc::weights {

// Every failure of the weights library. A checkpoint can be wrong in many places at once, so the
// error carries every problem found (one line each, "FILE: ..."); what() joins them with '\n'.
class WeightsError : public std::runtime_error {
public:
  explicit WeightsError(std::vector<std::string> problems);
  explicit WeightsError(const std::string& problem) : WeightsError(std::vector{problem}) {}

  const std::vector<std::string>& problems() const { return problems_; }

private:
  std::vector<std::string> problems_;
};

} // namespace bertc::weights
