#include "tune/Duration.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace bertc::tune {

std::optional<double> parseDuration(const std::string& text, std::string& error) {
  const std::string expected = "expected a duration such as 90s, 10m or 1h (or 1h30m)";
  if (text == "0")
    return 0.0;
  if (text.empty()) {
    error = "empty duration; " + expected;
    return std::nullopt;
  }
  double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t digits = i;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
      ++digits;
    if (digits == i || digits - i > 9) {
      error = "'" + text + "': " + expected;
      return std::nullopt;
    }
    const double value = std::stod(text.substr(i, digits - i));
    if (digits == text.size()) {
      error = "'" + text + "': missing unit after " + text.substr(i) + " (s, m or h)";
      return std::nullopt;
    }
    const char unit = text[digits];
    const double scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : 0;
    if (scale == 0) {
      error = "'" + text + "': unknown unit '" + std::string(1, unit) + "' (s, m or h)";
      return std::nullopt;
    }
    total += value * scale;
    i = digits + 1;
  }
  return total;
}

std::string formatDuration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  if (s < 60)
    return std::to_string(s) + "s";
  if (s < 3600)
    return std::to_string(s / 60) + "m" + (s % 60 ? std::to_string(s % 60) + "s" : "");
  return std::to_string(s / 3600) + "h" +
         (s % 3600 / 60 ? std::to_string(s % 3600 / 60) + "m" : "");
}

} // namespace bertc::tune
