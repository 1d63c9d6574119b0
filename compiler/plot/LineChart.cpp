#include "plot/LineChart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bertc::plot {

std::string formatNumber(const char* format, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

namespace {

std::string px(double x) {
  return formatNumber("%.1f", x);
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

// The y range of every finite value and reference, widened to whole tick steps.
Range yRange(const Panel& p) {
  double lo = p.yFromZero ? 0.0 : INFINITY, hi = -INFINITY;
  auto take = [&](double v) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  };
  for (const Series& s : p.series)
    std::for_each(s.y.begin(), s.y.end(), take);
  for (const Reference& r : p.references)
    take(r.y);
  if (!std::isfinite(lo) || !std::isfinite(hi))
    return {};
  if (hi - lo < 1e-9)
    hi = lo + 1e-3 + std::abs(lo) * 0.1;
  const double step = niceStep(hi - lo, 5);
  Range r{std::floor(lo / step) * step, std::ceil(hi / step) * step};
  if (p.yCap && r.hi > *p.yCap && hi <= *p.yCap)
    r.hi = *p.yCap;
  return r;
}

Range xRange(const Panel& p) {
  double lo = p.xFromZero ? 0.0 : INFINITY, hi = -INFINITY;
  for (const Series& s : p.series)
    for (double x : s.x) {
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
  if (!std::isfinite(lo))
    return {};
  return {lo, std::isfinite(hi) ? std::max(hi, lo + 1) : lo + 1};
}

// Whole numbers: the first, multiples of a 1-2-5 step giving about 8 ticks, and the last; else
// 1-2-5 steps from the range's start.
std::vector<double> xTicks(const Panel& p, Range x) {
  std::vector<double> ticks = {x.lo};
  const double step = p.wholeNumberX ? std::max(1.0, std::round(niceStep(x.hi - x.lo, 8)))
                                     : niceStep(x.hi - x.lo, 4);
  for (double t = std::ceil(x.lo / step) * step; t <= x.hi + step * 1e-6; t += step)
    if (t > ticks.back() + step * 1e-6)
      ticks.push_back(t);
  if (p.wholeNumberX && x.hi > ticks.back())
    ticks.push_back(x.hi);
  return ticks;
}

const char* labelFormat(double step) {
  return step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : step >= 0.01 ? "%.2f" : "%.3g";
}

struct Frame {
  double left, top, w, h;
  Range x, y;
  double sx(double v) const { return left + (v - x.lo) / (x.hi - x.lo) * w; }
  double sy(double v) const { return top + h - (v - y.lo) / (y.hi - y.lo) * h; }
};

std::string axes(const Panel& p, const Frame& f) {
  std::string s = "<rect x=\"" + px(f.left) + "\" y=\"" + px(f.top) + "\" width=\"" + px(f.w) +
                  "\" height=\"" + px(f.h) + "\" fill=\"none\" stroke=\"#333\"/>\n";
  const double step = niceStep(f.y.hi - f.y.lo, 5);
  for (double v = f.y.lo; v <= f.y.hi + step * 1e-6; v += step)
    s += "<line x1=\"" + px(f.left - 5) + "\" y1=\"" + px(f.sy(v)) + "\" x2=\"" + px(f.left + f.w) +
         "\" y2=\"" + px(f.sy(v)) + "\" stroke=\"#ddd\"/>\n<text x=\"" + px(f.left - 8) +
         "\" y=\"" + px(f.sy(v) + 4) + "\" text-anchor=\"end\">" +
         formatNumber(labelFormat(step), v) + "</text>\n";
  for (double t : xTicks(p, f.x))
    s += "<line x1=\"" + px(f.sx(t)) + "\" y1=\"" + px(f.top + f.h) + "\" x2=\"" + px(f.sx(t)) +
         "\" y2=\"" + px(f.top + f.h + 5) + "\" stroke=\"#333\"/>\n<text x=\"" + px(f.sx(t)) +
         "\" y=\"" + px(f.top + f.h + 20) + "\" text-anchor=\"middle\">" +
         formatNumber(p.wholeNumberX ? "%.0f" : labelFormat(niceStep(f.x.hi - f.x.lo, 4)), t) +
         "</text>\n";
  s += "<text x=\"" + px(f.left + f.w / 2) + "\" y=\"" + px(f.top + f.h + 40) +
       "\" text-anchor=\"middle\">" + p.xLabel + "</text>\n";
  if (!p.yLabel.empty())
    s += "<text transform=\"translate(16," + px(f.top + f.h / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + p.yLabel + "</text>\n";
  return s;
}

std::string dash(bool dashed) {
  return dashed ? " stroke-dasharray=\"6 4\"" : "";
}

std::string curve(const Series& line, const Frame& f) {
  std::string points, markers;
  double lastY = NAN;
  for (size_t i = 0; i < line.x.size() && i < line.y.size(); ++i) {
    if (!std::isfinite(line.y[i]))
      continue;
    const double cx = f.sx(line.x[i]), cy = f.sy(std::clamp(line.y[i], f.y.lo, f.y.hi));
    if (line.steps && std::isfinite(lastY))
      points += " " + px(cx) + "," + px(lastY);
    points += (points.empty() ? "" : " ") + px(cx) + "," + px(cy);
    lastY = cy;
    if (line.markers)
      markers += "<circle cx=\"" + px(cx) + "\" cy=\"" + px(cy) + "\" r=\"3\" fill=\"" +
                 line.color + "\"/>\n";
  }
  if (points.empty())
    return "";
  std::string s = "<polyline fill=\"none\" stroke=\"" + line.color + "\" stroke-width=\"2\"" +
                  dash(line.dashed) + " points=\"" + points + "\"/>\n" + markers;
  if (!line.endLabel.empty())
    s += "<text x=\"" + px(f.left + f.w + 6) + "\" y=\"" + px(lastY + 4) + "\" fill=\"" +
         line.color + "\">" + line.endLabel + "</text>\n";
  return s;
}

std::string panel(const Panel& p, double x0, const Layout& l) {
  const Frame f{x0 + l.left, l.top,    l.panelWidth - l.left - l.right, l.height - l.top - l.bottom,
                xRange(p),   yRange(p)};
  std::string s = "<g>\n";
  if (!p.title.empty())
    s += "<text x=\"" + px(f.left + f.w / 2) + "\" y=\"" + px(f.top - 22) +
         "\" text-anchor=\"middle\" font-weight=\"bold\">" + p.title + "</text>\n";
  s += axes(p, f);
  for (const Reference& r : p.references)
    s += "<line x1=\"" + px(f.left) + "\" x2=\"" + px(f.left + f.w) + "\" y1=\"" + px(f.sy(r.y)) +
         "\" y2=\"" + px(f.sy(r.y)) + "\" stroke=\"" + r.color + "\"" + dash(true) +
         "/>\n<text x=\"" + px(f.left + f.w + 6) + "\" y=\"" + px(f.sy(r.y) + 4) + "\" fill=\"" +
         r.color + "\">" + r.label + "</text>\n";
  for (const Series& line : p.series)
    s += curve(line, f);
  double lx = f.left + f.w - 62.0 * double(p.series.size()); // legend: above the plot's right end
  for (const Series& line : p.legend ? p.series : std::vector<Series>{}) {
    s += "<line x1=\"" + px(lx) + "\" y1=\"" + px(f.top - 12) + "\" x2=\"" + px(lx + 20) +
         "\" y2=\"" + px(f.top - 12) + "\" stroke=\"" + line.color + "\" stroke-width=\"2\"" +
         dash(line.dashed) + "/>\n<text x=\"" + px(lx + 25) + "\" y=\"" + px(f.top - 8) + "\">" +
         line.name + "</text>\n";
    lx += 62;
  }
  return s + "</g>\n";
}

} // namespace

std::string lineChartSvg(const std::vector<Panel>& panels, const Layout& layout,
                         const std::string& title) {
  const double width = layout.panelWidth * double(panels.size());
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width) +
                    "\" height=\"" + px(layout.height) + "\" viewBox=\"0 0 " + px(width) + " " +
                    px(layout.height) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n"
                    "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  if (!title.empty())
    svg += "<text x=\"" + px(layout.left) + "\" y=\"22\" font-size=\"14\">" + title + "</text>\n";
  for (size_t i = 0; i < panels.size(); ++i)
    svg += panel(panels[i], layout.panelWidth * double(i), layout);
  return svg + "</svg>\n";
}

} // namespace bertc::plot
