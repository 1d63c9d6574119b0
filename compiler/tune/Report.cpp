#include "tune/Report.h"

#include "codegen/kernels/KernelKind.h"
#include "plot/LineChart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace bertc::tune {
namespace {

using plot::formatNumber;

bool valid(const Record* r) {
  return r && r->status == Status::Valid;
}

double weight(const KernelFigures& k) {
  return double(k.kernel->spec.calls);
}

// "1.234 (187)": ms and GFLOP/s, or a word for a missing or bad measurement.
std::string cell(const Record* r, double flops) {
  if (!r)
    return "-";
  if (r->status != Status::Valid)
    return toString(r->status);
  std::string s = formatNumber("%.4f", r->medianMs);
  if (flops > 0)
    s += " (" + formatNumber("%.0f", flops / (r->medianMs * 1e-3) / 1e9) + ")";
  return s;
}

std::string paramsShort(const KernelFigures& k) {
  const Record* r = k.tuned ? k.tuned : k.defaultRun;
  if (!r)
    return "-";
  if (k.kernel->space.points.size() <= 1)
    return "(fixed)";
  return kernelKindOf(k.kernel->spec).describeSchedule(r->params);
}

} // namespace

ReportSummary summarize(const std::vector<KernelFigures>& kernels,
                        const std::vector<std::string>& schedulers) {
  ReportSummary s;
  s.schedulers = schedulers;
  s.baselineModelMs.assign(schedulers.size(), 0);
  s.tunedOverSameKernelsMs.assign(schedulers.size(), 0);
  for (const KernelFigures& k : kernels) {
    if (!valid(k.defaultRun))
      continue;
    const double tuned = valid(k.tuned) ? k.tuned->medianMs : k.defaultRun->medianMs;
    s.defaultModelMs += weight(k) * k.defaultRun->medianMs;
    s.tunedModelMs += weight(k) * tuned;
    for (size_t i = 0; i < schedulers.size(); ++i) {
      const Record* b = i < k.baselines.size() ? k.baselines[i] : nullptr;
      if (!valid(b))
        continue; // compared over the kernels the autoscheduler managed
      s.baselineModelMs[i] += weight(k) * b->medianMs;
      s.tunedOverSameKernelsMs[i] += weight(k) * tuned;
    }
  }
  return s;
}

std::string reportTable(const std::vector<KernelFigures>& kernels, const ReportSummary& s) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {
      "kernel", "calls", "rows", "share", "default ms (GFLOP/s)", "tuned ms (GFLOP/s)", "speedup"};
  for (const std::string& name : s.schedulers)
    head.push_back(name + " ms (GFLOP/s)");
  head.push_back("tuned schedule");
  rows.push_back(head);
  for (const KernelFigures& k : kernels) {
    const Record* tuned = k.tuned ? k.tuned : k.defaultRun;
    std::vector<std::string> row = {k.kernel->spec.name, std::to_string(k.kernel->spec.calls),
                                    std::to_string(k.kernel->rows)};
    const double share =
        valid(tuned) && s.tunedModelMs > 0 ? weight(k) * tuned->medianMs / s.tunedModelMs * 100 : 0;
    row.push_back(formatNumber("%.1f%%", share));
    row.push_back(cell(k.defaultRun, k.flops));
    row.push_back(cell(tuned, k.flops));
    row.push_back(valid(k.defaultRun) && valid(tuned)
                      ? formatNumber("%.2fx", k.defaultRun->medianMs / tuned->medianMs)
                      : "-");
    for (size_t i = 0; i < s.schedulers.size(); ++i)
      row.push_back(cell(i < k.baselines.size() ? k.baselines[i] : nullptr, k.flops));
    row.push_back(paramsShort(k));
    rows.push_back(row);
  }
  std::vector<std::string> total = {"model (calls x median)",
                                    "",
                                    "",
                                    "100%",
                                    formatNumber("%.3f", s.defaultModelMs),
                                    formatNumber("%.3f", s.tunedModelMs),
                                    formatNumber("%.2fx", s.defaultModelMs / s.tunedModelMs)};
  for (double b : s.baselineModelMs)
    total.push_back(b > 0 ? formatNumber("%.3f", b) : "-");
  total.push_back("");
  rows.push_back(total);

  std::vector<size_t> width(head.size(), 0);
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  std::ostringstream os;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c + 1 == row.size())
        os << row[c] << "\n";
      else if (c + 2 == row.size() && row[c + 1].empty())
        os << (c == 0 ? row[c] : pad + row[c]);
      else
        os << (c == 0 ? row[c] + pad : pad + row[c]) << "  ";
    }
  }
  for (size_t i = 0; i < s.schedulers.size(); ++i) {
    if (s.baselineModelMs[i] <= 0) {
      os << "tuned vs " << s.schedulers[i] << ": no kernel measured\n";
      continue;
    }
    os << "tuned vs " << s.schedulers[i] << ": "
       << formatNumber("%.2fx", s.baselineModelMs[i] / s.tunedOverSameKernelsMs[i])
       << " (weighted model time over the kernels it scheduled: "
       << formatNumber("%.3f", s.baselineModelMs[i]) << " ms vs "
       << formatNumber("%.3f", s.tunedOverSameKernelsMs[i]) << " ms)\n";
  }
  return os.str();
}

std::string curveSvg(const std::vector<CurvePoint>& curve, const ReportSummary& s,
                     const std::string& title) {
  const char* colours[] = {"#999999", "#d62728", "#2ca02c", "#9467bd"};
  plot::Panel p;
  p.xLabel = "tuning time (s)";
  p.yLabel = "weighted model time (ms)";
  p.xFromZero = true;
  p.yFromZero = true;
  p.references.push_back({"default", colours[0], s.defaultModelMs});
  for (size_t i = 0; i < s.schedulers.size(); ++i)
    if (s.baselineModelMs[i] > 0)
      p.references.push_back(
          {s.schedulers[i] + " (its kernels)", colours[(i + 1) % 4], s.baselineModelMs[i]});
  plot::Series tuned;
  tuned.name = "tuned";
  tuned.color = "#1f77b4";
  tuned.steps = true;
  for (const CurvePoint& c : curve) { // a step curve: the best stays until improved
    tuned.x.push_back(c.elapsedS);
    tuned.y.push_back(c.bestModelMs);
  }
  if (!curve.empty())
    tuned.endLabel = "tuned " + formatNumber("%.2f", curve.back().bestModelMs) + " ms";
  p.series = {tuned};
  plot::Layout layout;
  layout.panelWidth = 640;
  layout.height = 400;
  layout.left = 72;
  layout.right = 170;
  layout.top = 40;
  layout.bottom = 50;
  return plot::lineChartSvg({p}, layout, title);
}

} // namespace bertc::tune
