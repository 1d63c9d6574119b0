// fit's per-epoch record as CSV (--csv) and as an SVG chart of the loss and accuracy curves
// (--plot). Both are plain text built here, with no plotting library, and depend only on the
// history, so a seed gives the same bytes.
#pragma once

#include "fit/HeadTrainer.h"

#include <string>
#include <vector>

namespace bertc::fit {

// "epoch,train_loss,train_accuracy,dev_loss,dev_accuracy", then one row per epoch; the dev
// cells are empty when there is no dev set. Numbers are printed with 9 significant digits.
std::string curvesCsv(const std::vector<EpochMetrics>& history);

// Two panels, loss and accuracy against epoch, each with axes, ticks and a train/dev legend.
std::string curvesSvg(const std::vector<EpochMetrics>& history);

// Writes PATH.tmp and renames it over PATH. Throws std::runtime_error naming the path.
void writeTextFile(const std::string& path, const std::string& text);

} // namespace bertc::fit
