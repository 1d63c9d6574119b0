// Tuning budgets on the command line: `90s`, `10m`, `1h`, or groups such as `1h30m`; `0` is
// allowed (replay a records file without measuring anything new).
#pragma once

#include <optional>
#include <string>

namespace bertc::tune {

// Seconds, or nullopt with `error` saying what is wrong with `text`.
std::optional<double> parseDuration(const std::string& text, std::string& error);

// 754 s -> "12m34s", for progress lines and reports.
std::string formatDuration(double seconds);

} // namespace bertc::tune
