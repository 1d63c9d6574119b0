// bertc fit's training curves: loss and accuracy per epoch, train and dev, in two panels.
#include "fit/TrainingCurves.h"
#include "plot/LineChart.h"

#include <functional>

namespace bertc::fit {
namespace {

// One panel: `metric` of the train evaluation and, where there is one, the dev evaluation.
plot::Panel panelOf(const std::string& title, const std::vector<EpochMetrics>& history,
                    const std::function<double(const Evaluation&)>& metric) {
  plot::Series train, dev;
  train.name = "train";
  train.color = "#1f77b4";
  dev.name = "dev";
  dev.color = "#ff7f0e";
  dev.dashed = true;
  train.markers = dev.markers = true;
  for (const EpochMetrics& m : history) {
    train.x.push_back(m.epoch);
    train.y.push_back(metric(m.train));
    if (m.dev) {
      dev.x.push_back(m.epoch);
      dev.y.push_back(metric(*m.dev));
    }
  }
  plot::Panel p;
  p.title = title;
  p.xLabel = "epoch";
  p.series = {train};
  if (!dev.x.empty())
    p.series.push_back(dev);
  p.wholeNumberX = true;
  p.legend = true;
  return p;
}

} // namespace

std::string curvesSvg(const std::vector<EpochMetrics>& history) {
  plot::Panel loss = panelOf("loss", history, [](const Evaluation& e) { return e.loss; });
  loss.yFromZero = true;
  plot::Panel accuracy =
      panelOf("accuracy", history, [](const Evaluation& e) { return e.accuracy; });
  accuracy.yCap = 1.0;
  return plot::lineChartSvg({loss, accuracy}, plot::Layout{});
}

} // namespace bertc::fit
