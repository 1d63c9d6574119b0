#include "frontend/Diagnostic.h"

#include <algorithm>

namespace bertc {

std::string Diagnostic::str() const {
  std::string out = file;
  if (pos.line > 0)
    out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  out += ": error: ";
  if (!keyPath.empty())
    out += keyPath + ": ";
  return out + message;
}

void sortInFileOrder(std::vector<Diagnostic>& diags) {
  std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.pos.line != b.pos.line)
      return a.pos.line < b.pos.line;
    return a.pos.column < b.pos.column;
  });
}

// Optimal string alignment distance: edits plus adjacent transpositions ("gleu" -> "gelu" is 1).
static size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string nearestWord(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t bestDistance = word.size() / 3 + 1;
  for (const std::string& candidate : candidates) {
    size_t d = editDistance(word, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

} // namespace bertc
