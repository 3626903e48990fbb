//===- FashionMnistPlot.h - Line charts as SVG, no dependencies -*- C++ -*-===//
//
// Just enough of a plotting library for the optimizer experiment
// (fashion-experiment.cpp): line charts with axes, "nice" ticks, a grid,
// axis labels, polylines (optionally dashed, with point markers) clipped to
// the plot area, and a legend, written as a standalone SVG document.
//
//   fashion::plot::Chart loss{"Training loss", "epoch", "loss"};
//   loss.series.push_back({"adam lr=0.001", "#2ca02c", "", false, points});
//   std::string svg = fashion::plot::renderSvg("title", {loss, accuracy});
//
// Non-finite values (a diverged run's loss) break a line instead of
// stretching the axis; values outside a fixed axis range are clipped.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_EXAMPLES_FASHIONMNISTPLOT_H
#define SINTER_EXAMPLES_FASHIONMNISTPLOT_H

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fashion {
namespace plot {

struct Point {
  double x, y;
};

struct Series {
  std::string label;
  std::string color;     // an SVG colour, "#1f77b4"
  std::string dash;      // stroke-dasharray, "" for a solid line
  bool markers = false;  // a dot on every point
  std::vector<Point> points;
};

struct Range {
  double low, high;
};

struct Chart {
  std::string title, xLabel, yLabel;
  std::vector<Series> series;
  /// Fixed axis ranges; from the data (padded to nice ticks) when absent.
  std::optional<Range> xRange, yRange;
  /// The x tick spacing; about six nice ticks when absent.
  std::optional<double> xStep;
  /// Appended to the y tick labels ("%").
  std::string yUnit;
};

/// Escapes text for an SVG text node or attribute value.
inline std::string escapeXml(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default: out += c;
    }
  }
  return out;
}

/// A number as SVG coordinates want it: short, no exponent, '.' decimal.
inline std::string coordinate(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

/// The tick spacing for about `count` ticks over `span`: 1, 2 or 5 times a
/// power of ten, as plotting libraries choose it.
inline double niceStep(double span, int count) {
  double raw = span / std::max(count, 1);
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0})
    if (raw <= factor * magnitude * 1.0000001)
      return factor * magnitude;
  return 10 * magnitude;
}

/// Tick positions covering `range` at `step`, and the range widened to them.
inline std::vector<double> ticks(Range &range, double step) {
  range.low = std::floor(range.low / step + 1e-9) * step;
  range.high = std::ceil(range.high / step - 1e-9) * step;
  std::vector<double> values;
  for (double v = range.low; v <= range.high + step * 1e-6; v += step)
    values.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return values;
}

/// A tick label: as few digits as the step needs.
inline std::string tickLabel(double v, double step) {
  int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", std::min(decimals, 6), v);
  return buffer;
}

namespace detail {

/// The finite extent of the data along x or y, or nullopt without data.
inline std::optional<Range> dataRange(const std::vector<Series> &series,
                                      bool alongX) {
  std::optional<Range> r;
  for (const Series &s : series)
    for (const Point &p : s.points) {
      double v = alongX ? p.x : p.y;
      if (!std::isfinite(v) || !std::isfinite(alongX ? p.y : p.x))
        continue;
      if (!r)
        r = Range{v, v};
      r->low = std::min(r->low, v);
      r->high = std::max(r->high, v);
    }
  return r;
}

/// An axis range with a visible span, even for a single value.
inline Range axisRange(std::optional<Range> fixed, std::optional<Range> data) {
  Range r = fixed ? *fixed : data ? *data : Range{0, 1};
  if (!(r.high > r.low)) {
    double pad = std::abs(r.low) > 0 ? std::abs(r.low) * 0.05 : 0.5;
    r = {r.low - pad, r.high + pad};
  }
  return r;
}

} // namespace detail

/// Draws `chart` into the box (x, y, width, height) of an SVG document as a
/// <g>; `id` names its clip path and must be unique in the document.
inline std::string renderChart(const Chart &chart, const std::string &id,
                               double x, double y, double width,
                               double height) {
  // Margins for the title, tick labels and axis labels.
  const double left = x + 62, right = x + width - 16, top = y + 34,
               bottom = y + height - 48;
  Range xr = detail::axisRange(chart.xRange,
                               detail::dataRange(chart.series, true));
  Range yr = detail::axisRange(chart.yRange,
                               detail::dataRange(chart.series, false));
  double xStep = chart.xStep ? *chart.xStep : niceStep(xr.high - xr.low, 6);
  double yStep = niceStep(yr.high - yr.low, 6);
  std::vector<double> xTicks = ticks(xr, xStep), yTicks = ticks(yr, yStep);
  auto px = [&](double v) {
    return left + (v - xr.low) / (xr.high - xr.low) * (right - left);
  };
  auto py = [&](double v) {
    return bottom - (v - yr.low) / (yr.high - yr.low) * (bottom - top);
  };

  std::ostringstream os;
  os << "<g class=\"chart\">\n"
     << "<clipPath id=\"" << id << "\"><rect x=\"" << coordinate(left)
     << "\" y=\"" << coordinate(top) << "\" width=\""
     << coordinate(right - left) << "\" height=\"" << coordinate(bottom - top)
     << "\"/></clipPath>\n"
     << "<text x=\"" << coordinate((left + right) / 2) << "\" y=\""
     << coordinate(y + 20)
     << "\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">"
     << escapeXml(chart.title) << "</text>\n";
  // Grid and ticks.
  for (double t : xTicks) {
    std::string p = coordinate(px(t));
    os << "<line x1=\"" << p << "\" y1=\"" << coordinate(top) << "\" x2=\""
       << p << "\" y2=\"" << coordinate(bottom)
       << "\" stroke=\"#e5e5e5\"/>\n"
       << "<line x1=\"" << p << "\" y1=\"" << coordinate(bottom) << "\" x2=\""
       << p << "\" y2=\"" << coordinate(bottom + 5) << "\" stroke=\"#333\"/>\n"
       << "<text x=\"" << p << "\" y=\"" << coordinate(bottom + 18)
       << "\" text-anchor=\"middle\" font-size=\"11\">"
       << escapeXml(tickLabel(t, xStep)) << "</text>\n";
  }
  for (double t : yTicks) {
    std::string p = coordinate(py(t));
    os << "<line x1=\"" << coordinate(left) << "\" y1=\"" << p << "\" x2=\""
       << coordinate(right) << "\" y2=\"" << p
       << "\" stroke=\"#e5e5e5\"/>\n"
       << "<line x1=\"" << coordinate(left - 5) << "\" y1=\"" << p
       << "\" x2=\"" << coordinate(left) << "\" y2=\"" << p
       << "\" stroke=\"#333\"/>\n"
       << "<text x=\"" << coordinate(left - 8) << "\" y=\""
       << coordinate(py(t) + 4)
       << "\" text-anchor=\"end\" font-size=\"11\">"
       << escapeXml(tickLabel(t, yStep) + chart.yUnit) << "</text>\n";
  }
  // Axes and their labels.
  os << "<rect x=\"" << coordinate(left) << "\" y=\"" << coordinate(top)
     << "\" width=\"" << coordinate(right - left) << "\" height=\""
     << coordinate(bottom - top) << "\" fill=\"none\" stroke=\"#333\"/>\n"
     << "<text x=\"" << coordinate((left + right) / 2) << "\" y=\""
     << coordinate(bottom + 38) << "\" text-anchor=\"middle\" font-size=\"12\">"
     << escapeXml(chart.xLabel) << "</text>\n"
     << "<text x=\"" << coordinate(x + 16) << "\" y=\""
     << coordinate((top + bottom) / 2)
     << "\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 "
     << coordinate(x + 16) << " " << coordinate((top + bottom) / 2) << ")\">"
     << escapeXml(chart.yLabel) << "</text>\n";
  // The data: one polyline per run of finite points.
  os << "<g clip-path=\"url(#" << id << ")\" fill=\"none\" "
        "stroke-width=\"1.6\" stroke-linejoin=\"round\">\n";
  for (const Series &s : chart.series) {
    std::string dash =
        s.dash.empty() ? "" : " stroke-dasharray=\"" + escapeXml(s.dash) + "\"";
    std::vector<std::string> run;
    auto flush = [&] {
      if (run.size() >= 2) {
        os << "<polyline stroke=\"" << escapeXml(s.color) << "\"" << dash
           << " points=\"";
        for (size_t i = 0; i < run.size(); ++i)
          os << (i ? " " : "") << run[i];
        os << "\"/>\n";
      }
      run.clear();
    };
    for (const Point &p : s.points) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
        flush();
        continue;
      }
      run.push_back(coordinate(px(p.x)) + "," + coordinate(py(p.y)));
      if (s.markers)
        os << "<circle cx=\"" << coordinate(px(p.x)) << "\" cy=\""
           << coordinate(py(p.y)) << "\" r=\"2.5\" fill=\""
           << escapeXml(s.color) << "\" stroke=\"none\"/>\n";
    }
    flush();
  }
  os << "</g>\n</g>\n";
  return os.str();
}

/// The legend of `series` (their colours, dashes and labels), one entry a
/// row, at (x, y).
inline std::string renderLegend(const std::vector<Series> &series, double x,
                                double y) {
  std::ostringstream os;
  os << "<g class=\"legend\" font-size=\"11\">\n";
  for (size_t i = 0; i < series.size(); ++i) {
    const Series &s = series[i];
    double row = y + 16.0 * double(i);
    os << "<line x1=\"" << coordinate(x) << "\" y1=\"" << coordinate(row)
       << "\" x2=\"" << coordinate(x + 26) << "\" y2=\"" << coordinate(row)
       << "\" stroke=\"" << escapeXml(s.color) << "\" stroke-width=\"2\""
       << (s.dash.empty() ? "" : " stroke-dasharray=\"" + escapeXml(s.dash) + "\"")
       << "/>\n<text x=\"" << coordinate(x + 32) << "\" y=\""
       << coordinate(row + 4) << "\">" << escapeXml(s.label) << "</text>\n";
  }
  os << "</g>\n";
  return os.str();
}

/// A standalone SVG document: `title` on top, `charts` side by side, and
/// the legend of the first chart's series on the right.
inline std::string renderSvg(const std::string &title,
                             const std::vector<Chart> &charts) {
  const double chartWidth = 460, chartHeight = 380, legendWidth = 280,
               titleHeight = 36;
  size_t legendRows = charts.empty() ? 0 : charts.front().series.size();
  double height =
      std::max(titleHeight + chartHeight, titleHeight + 30 + 16.0 * legendRows);
  double width = chartWidth * double(charts.size()) + legendWidth;
  std::ostringstream os;
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
     << coordinate(width) << "\" height=\"" << coordinate(height)
     << "\" viewBox=\"0 0 " << coordinate(width) << " " << coordinate(height)
     << "\" font-family=\"sans-serif\">\n"
     << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
     << "<text x=\"" << coordinate(width / 2)
     << "\" y=\"24\" text-anchor=\"middle\" font-size=\"17\">"
     << escapeXml(title) << "</text>\n";
  for (size_t i = 0; i < charts.size(); ++i)
    os << renderChart(charts[i], "plot" + std::to_string(i),
                      chartWidth * double(i), titleHeight, chartWidth,
                      chartHeight);
  if (!charts.empty())
    os << renderLegend(charts.front().series,
                       chartWidth * double(charts.size()) + 10,
                       titleHeight + 40);
  os << "</svg>\n";
  return os.str();
}

} // namespace plot
} // namespace fashion

#endif // SINTER_EXAMPLES_FASHIONMNISTPLOT_H
