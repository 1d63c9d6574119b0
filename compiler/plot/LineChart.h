// Line charts as SVG, laid out by hand: panels side by side, each a framed plot area with y ticks
// at 1-2-5 steps, x ticks (whole numbers where x counts epochs), one polyline per series and
// labelled horizontal reference lines. bertc fit's training curves and bert-tune's search curve
// are both drawn with it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bertc::plot {

// One curve, in data units; points whose y is not finite are left out.
struct Series {
  std::string name; // in the panel's legend ("" for none)
  std::string color;
  bool dashed = false;
  bool markers = false; // a dot at each point
  bool steps = false;   // each value holds until the next point (a best-so-far curve)
  std::string endLabel; // written right of the last point
  std::vector<double> x, y;
};

// A horizontal dashed line across the plot, labelled right of it.
struct Reference {
  std::string label, color;
  double y = 0;
};

struct Panel {
  std::string title, xLabel, yLabel;
  std::vector<Series> series;
  std::vector<Reference> references;
  bool xFromZero = false;     // start the x axis at 0
  bool yFromZero = false;     // keep 0 in the y range
  std::optional<double> yCap; // never widen the y range past this (accuracy: 1)
  bool wholeNumberX = false;  // x ticks on whole numbers only (epochs)
  bool legend = false;        // a legend row above the plot
};

struct Layout {
  double panelWidth = 420, height = 340;
  double left = 64, right = 16, top = 48, bottom = 52; // margins of the plot in a panel
};

// `x` printed with a printf format ("%.2f"): figures in charts and reports.
std::string formatNumber(const char* format, double x);

// The panels side by side under `title` (none when empty).
std::string lineChartSvg(const std::vector<Panel>& panels, const Layout& layout,
                         const std::string& title = "");

} // namespace bertc::plot
