#include "fit/FitJob.h"

#include "fit/Baselines.h"
#include "fit/HeadWeights.h"
#include "fit/TrainingCurves.h"
#include "weights/Checkpoint.h"

#include <cstdio>
#include <stdexcept>

namespace bertc::fit {
namespace {

std::string fixed(double x, int digits = 4) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

std::string epochLine(const EpochMetrics& m, int epochs) {
  std::string line = "epoch " + std::to_string(m.epoch) + "/" + std::to_string(epochs) +
                     ": train loss " + fixed(m.train.loss) + " accuracy " + fixed(m.train.accuracy);
  if (m.dev)
    line += ", dev loss " + fixed(m.dev->loss) + " accuracy " + fixed(m.dev->accuracy);
  return line;
}

} // namespace

BaselineAccuracies computeBaselines(const HeadSpec& head, const Dataset& train, const Dataset& dev,
                                    std::uint64_t seed) {
  BagOfWordsOptions bow;
  bow.seed = seed;
  return {majorityAccuracy(train, dev, head.numLabels()),
          bagOfWordsAccuracy(train, dev, head.binary, head.numLabels(), bow)};
}

void printBaselines(const BaselineAccuracies& b, std::ostream& log) {
  log << "majority accuracy: " << fixed(b.majority) << "\n"
      << "bag-of-words logistic regression accuracy: " << fixed(b.bagOfWords) << "\n";
}

std::string devProbabilitiesTsv(const HeadSpec& head, const Dataset& dev,
                                const std::vector<float>& probabilities) {
  std::string tsv = "line";
  if (head.binary) {
    tsv += "\tprobability";
  } else {
    for (std::int64_t i = 0; i < head.numLabels(); ++i)
      tsv += "\t" + head.labels[std::size_t(i)];
  }
  tsv += "\n";
  const std::int64_t outputs = head.numOutputs();
  for (std::size_t r = 0; r < dev.examples.size(); ++r) {
    tsv += std::to_string(dev.examples[r].line);
    for (std::int64_t o = 0; o < outputs; ++o) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "\t%.9g",
                    double(probabilities[r * std::size_t(outputs) + std::size_t(o)]));
      tsv += buf;
    }
    tsv += "\n";
  }
  return tsv;
}

FitReport runFit(const HeadSpec& head, const FitOptions& options, FeatureSource& source,
                 std::ostream& log) {
  const bool haveDev = !options.devPath.empty();
  if (options.baselines && !haveDev)
    throw std::invalid_argument("the baselines are measured on a dev set: give --dev");
  if (!options.outPath.empty())
    weights::Checkpoint::open(options.encoderPath); // fail before the slow part
  Dataset train = readDataset(options.trainPath, head);
  Dataset dev = haveDev ? readDataset(options.devPath, head) : Dataset{};

  FitReport report;
  if (options.baselines) {
    report.baselines = computeBaselines(head, train, dev, options.train.seed);
    printBaselines(*report.baselines, log);
  }

  auto progressOf = [&](const std::string& dataset) -> FeatureProgress {
    if (!options.featureProgress)
      return {};
    return [&options, dataset](std::int64_t done, std::int64_t total) {
      options.featureProgress(dataset, done, total);
    };
  };
  LabeledFeatures trainFeatures = extractFeatures(source, train, progressOf(options.trainPath));
  LabeledFeatures devFeatures =
      haveDev ? extractFeatures(source, dev, progressOf(options.devPath)) : LabeledFeatures{};
  HeadTrainer trainer(source.width(), head.numOutputs(), options.train);
  for (int e = 0; e < options.train.epochs; ++e) {
    report.history.push_back(trainer.runEpoch(trainFeatures, haveDev ? &devFeatures : nullptr));
    log << epochLine(report.history.back(), options.train.epochs) << "\n" << std::flush;
  }
  report.head = trainer.head();
  report.devProbabilities.resize(std::size_t(devFeatures.rows * head.numOutputs()));
  probabilities(report.head, devFeatures.values.data(), devFeatures.rows,
                report.devProbabilities.data());

  if (!options.outPath.empty())
    writeHeadWeights(options.encoderPath, head.prefix, report.head, options.outPath);
  if (!options.csvPath.empty())
    writeTextFile(options.csvPath, curvesCsv(report.history));
  if (!options.plotPath.empty())
    writeTextFile(options.plotPath, curvesSvg(report.history));
  if (!options.devProbabilitiesPath.empty())
    writeTextFile(options.devProbabilitiesPath,
                  devProbabilitiesTsv(head, dev, report.devProbabilities));
  if (haveDev)
    log << "dev accuracy: " << fixed(evaluate(report.head, devFeatures).accuracy) << "\n";
  return report;
}

} // namespace bertc::fit
