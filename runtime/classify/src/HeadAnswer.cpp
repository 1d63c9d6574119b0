#include "HeadAnswer.h"

namespace bertc::classify {

HeadAnswer answerHead(bool binary, const float* p, int width) {
  HeadAnswer a;
  if (binary) {
    a.probability = p[0];
    a.label = p[0] >= 0.5f ? 1 : 0;
    a.probabilities = {1.0f - p[0], p[0]};
    return a;
  }
  a.probabilities.assign(p, p + width);
  for (int i = 1; i < width; ++i)
    if (p[i] > p[a.label])
      a.label = i;
  a.probability = p[a.label];
  return a;
}

} // namespace bertc::classify
