#include "fit/TrainingCurves.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace bertc::fit {
namespace {

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", x);
  return buf;
}

} // namespace

std::string curvesCsv(const std::vector<EpochMetrics>& history) {
  std::string csv = "epoch,train_loss,train_accuracy,dev_loss,dev_accuracy\n";
  for (const EpochMetrics& m : history) {
    csv += std::to_string(m.epoch) + "," + number(m.train.loss) + "," + number(m.train.accuracy);
    csv += m.dev ? "," + number(m.dev->loss) + "," + number(m.dev->accuracy) : std::string(",,");
    csv += "\n";
  }
  return csv;
}

void writeTextFile(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
      throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error(path + ": cannot rename " + tmp + ": " + std::strerror(errno));
}

} // namespace bertc::fit
