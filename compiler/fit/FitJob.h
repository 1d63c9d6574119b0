// Everything `bertc fit` does once it has a FeatureSource: read and check the TSV files, print
// the baselines if asked, compute features, train the head, print and record each epoch, and
// write the weights, CSV, SVG and dev probabilities. The driver only parses the command line,
// describes the head (HeadSpec) and supplies the source.
#pragma once

#include "fit/Dataset.h"
#include "fit/FeatureSource.h"
#include "fit/HeadSpec.h"
#include "fit/HeadTrainer.h"

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace bertc::fit {

struct FitOptions {
  std::string trainPath;
  std::string devPath;                                 // empty: no dev set
  std::string encoderPath;                             // the encoder checkpoint copied into outPath
  std::string outPath;                                 // empty: train without saving (tests)
  std::string csvPath, plotPath, devProbabilitiesPath; // each optional
  TrainOptions train;
  bool baselines = false; // needs a dev set
  // Told how far feature extraction is, per dataset (train, then dev).
  std::function<void(const std::string& dataset, std::int64_t done, std::int64_t total)>
      featureProgress;
};

struct BaselineAccuracies {
  double majority = 0;
  double bagOfWords = 0;
};

struct FitReport {
  std::vector<EpochMetrics> history;
  DenseHead head;
  // The final head's probabilities on the dev rows, rows x outputs (the sigmoid's for binary
  // heads, softmax otherwise): what the compiled model with the saved weights should output.
  std::vector<float> devProbabilities;
  std::optional<BaselineAccuracies> baselines;
};

// Prints one line per epoch on `log`; with a dev set the last line is "dev accuracy: X".
// Throws DatasetError for bad TSV rows, std::exception for anything else.
FitReport runFit(const HeadSpec& head, const FitOptions& options, FeatureSource& source,
                 std::ostream& log);

BaselineAccuracies computeBaselines(const HeadSpec& head, const Dataset& train, const Dataset& dev,
                                    std::uint64_t seed);
// "majority accuracy: X" and "bag-of-words logistic regression accuracy: Y".
void printBaselines(const BaselineAccuracies& b, std::ostream& log);

// TSV: a header "line<TAB>probability" (binary) or "line<TAB>LABEL..." (classes), then one row
// per dev example with its line in the dev file.
std::string devProbabilitiesTsv(const HeadSpec& head, const Dataset& dev,
                                const std::vector<float>& probabilities);

} // namespace bertc::fit
