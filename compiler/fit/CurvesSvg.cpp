// The chart is laid out by hand: two panels side by side, each a plot area with a frame, y ticks
// at "nice" values, integer epoch ticks on x, and one polyline (with point markers) per series.
#include "fit/TrainingCurves.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>

namespace bertc::fit {
namespace {

constexpr double kPanelWidth = 420, kHeight = 340;
constexpr double kLeft = 64, kRight = 16, kTop = 48, kBottom = 52; // plot margins in a panel
constexpr const char* kTrainColor = "#1f77b4";
constexpr const char* kDevColor = "#ff7f0e";

std::string fmt(const char* format, double x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}
std::string px(double x) {
  return fmt("%.1f", x);
}

struct Range {
  double lo = 0, hi = 1;
};

// A tick step of 1, 2 or 5 times a power of ten giving about `ticks` intervals.
double niceStep(double span, int ticks) {
  const double raw = span / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * power >= raw)
      return m * power;
  return 10 * power;
}

// The y range of the finite values, widened to whole tick steps; `floorAtZero` keeps 0 in view.
Range yRange(const std::vector<double>& values, bool floorAtZero, std::optional<double> cap) {
  double lo = floorAtZero ? 0.0 : INFINITY, hi = -INFINITY;
  for (double v : values)
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!std::isfinite(lo) || !std::isfinite(hi))
    return {};
  if (hi - lo < 1e-9)
    hi = lo + 1e-3 + std::abs(lo) * 0.1;
  const double step = niceStep(hi - lo, 5);
  Range r{std::floor(lo / step) * step, std::ceil(hi / step) * step};
  if (cap && r.hi > *cap && hi <= *cap)
    r.hi = *cap;
  return r;
}

// Whole epochs: the first, multiples of a 1-2-5 step giving about 8 ticks, and the last.
std::vector<int> epochTicks(int epochs) {
  const int step = std::max(1, int(niceStep(std::max(epochs - 1, 1), 8)));
  std::vector<int> ticks = {1};
  for (int e = step; e <= epochs; e += step)
    if (e > ticks.back())
      ticks.push_back(e);
  if (epochs > ticks.back())
    ticks.push_back(epochs);
  return ticks;
}

struct Series {
  const char* name;
  const char* color;
  bool dashed;
  std::vector<std::optional<double>> values; // one per epoch
};

std::string panel(double x0, const std::string& title, const std::vector<Series>& series,
                  int epochs, Range y) {
  const double w = kPanelWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
  const double left = x0 + kLeft, top = kTop;
  const double xLo = 1, xHi = std::max(epochs, 2);
  auto sx = [&](double epoch) { return left + (epoch - xLo) / (xHi - xLo) * w; };
  auto sy = [&](double v) { return top + h - (v - y.lo) / (y.hi - y.lo) * h; };

  std::string s = "<g>\n<text x=\"" + px(left + w / 2) + "\" y=\"" + px(top - 22) +
                  "\" text-anchor=\"middle\" font-weight=\"bold\">" + title + "</text>\n";
  s += "<rect x=\"" + px(left) + "\" y=\"" + px(top) + "\" width=\"" + px(w) + "\" height=\"" +
       px(h) + "\" fill=\"none\" stroke=\"#333\"/>\n";
  // y ticks with grid lines
  const double step = niceStep(y.hi - y.lo, 5);
  const char* labelFormat = step >= 1      ? "%.0f"
                            : step >= 0.1  ? "%.1f"
                            : step >= 0.01 ? "%.2f"
                                           : "%.3g";
  for (double v = y.lo; v <= y.hi + step * 1e-6; v += step) {
    const double py = sy(v);
    s += "<line x1=\"" + px(left - 5) + "\" y1=\"" + px(py) + "\" x2=\"" + px(left + w) +
         "\" y2=\"" + px(py) + "\" stroke=\"#ddd\"/>\n";
    s += "<text x=\"" + px(left - 8) + "\" y=\"" + px(py + 4) + "\" text-anchor=\"end\">" +
         fmt(labelFormat, v) + "</text>\n";
  }
  for (int e : epochTicks(epochs)) {
    const double pxX = sx(e);
    s += "<line x1=\"" + px(pxX) + "\" y1=\"" + px(top + h) + "\" x2=\"" + px(pxX) + "\" y2=\"" +
         px(top + h + 5) + "\" stroke=\"#333\"/>\n";
    s += "<text x=\"" + px(pxX) + "\" y=\"" + px(top + h + 20) + "\" text-anchor=\"middle\">" +
         std::to_string(e) + "</text>\n";
  }
  s += "<text x=\"" + px(left + w / 2) + "\" y=\"" + px(top + h + 40) +
       "\" text-anchor=\"middle\">epoch</text>\n";
  // the curves
  for (const Series& line : series) {
    std::string points, markers;
    for (int e = 1; e <= int(line.values.size()); ++e) {
      const std::optional<double>& v = line.values[std::size_t(e - 1)];
      if (!v || !std::isfinite(*v))
        continue;
      const double cx = sx(e), cy = sy(std::clamp(*v, y.lo, y.hi));
      points += (points.empty() ? "" : " ") + px(cx) + "," + px(cy);
      markers += "<circle cx=\"" + px(cx) + "\" cy=\"" + px(cy) + "\" r=\"3\" fill=\"" +
                 line.color + "\"/>\n";
    }
    if (points.empty())
      continue;
    s += "<polyline fill=\"none\" stroke=\"" + std::string(line.color) + "\" stroke-width=\"2\"" +
         (line.dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"" + points + "\"/>\n" +
         markers;
  }
  // legend: one row above the plot's right end, clear of the curves
  double lx = left + w - 62.0 * double(series.size());
  for (const Series& line : series) {
    const double ly = top - 8;
    s += "<line x1=\"" + px(lx) + "\" y1=\"" + px(ly - 4) + "\" x2=\"" + px(lx + 20) + "\" y2=\"" +
         px(ly - 4) + "\" stroke=\"" + line.color + "\" stroke-width=\"2\"" +
         (line.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
    s += "<text x=\"" + px(lx + 25) + "\" y=\"" + px(ly) + "\">" + line.name + "</text>\n";
    lx += 62;
  }
  return s + "</g>\n";
}

std::vector<Series> seriesOf(const std::vector<EpochMetrics>& history,
                             const std::function<double(const Evaluation&)>& metric) {
  Series train{"train", kTrainColor, false, {}}, dev{"dev", kDevColor, true, {}};
  bool anyDev = false;
  for (const EpochMetrics& m : history) {
    train.values.push_back(metric(m.train));
    dev.values.push_back(m.dev ? std::optional<double>(metric(*m.dev)) : std::nullopt);
    anyDev = anyDev || m.dev.has_value();
  }
  if (!anyDev)
    return {train};
  return {train, dev};
}

std::vector<double> allValues(const std::vector<Series>& series) {
  std::vector<double> out;
  for (const Series& s : series)
    for (const std::optional<double>& v : s.values)
      if (v)
        out.push_back(*v);
  return out;
}

} // namespace

std::string curvesSvg(const std::vector<EpochMetrics>& history) {
  const int epochs = int(history.size());
  std::vector<Series> loss = seriesOf(history, [](const Evaluation& e) { return e.loss; });
  std::vector<Series> accuracy = seriesOf(history, [](const Evaluation& e) { return e.accuracy; });
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(2 * kPanelWidth) +
                    "\" height=\"" + px(kHeight) + "\" viewBox=\"0 0 " + px(2 * kPanelWidth) + " " +
                    px(kHeight) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n"
                    "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += panel(0, "loss", loss, epochs, yRange(allValues(loss), true, std::nullopt));
  svg += panel(kPanelWidth, "accuracy", accuracy, epochs, yRange(allValues(accuracy), false, 1.0));
  return svg + "</svg>\n";
}

} // namespace bertc::fit
